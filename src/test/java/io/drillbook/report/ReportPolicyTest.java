package io.drillbook.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPolicyTest {

  @TempDir Path dir;

  @Test
  void defaultsAreWeeklyNinetyPercentWithFollowUps() {
    assertThat(ReportPolicy.defaults()).isEqualTo(new ReportPolicy(7, 3, 0.9, true));
  }

  @Test
  void loadsEveryKey() throws Exception {
    assertThat(ReportPolicy.load(resource("policy.yaml"))).isEqualTo(new ReportPolicy(14, 0, 0.95, false));
  }

  @Test
  void absentKeysKeepDefaultsAndEmptyFileIsDefaults() throws Exception {
    Path partial = Files.writeString(dir.resolve("p.yaml"), "cadenceDays: 10\n");
    assertThat(ReportPolicy.load(partial)).isEqualTo(new ReportPolicy(10, 3, 0.9, true));
    Path empty = Files.writeString(dir.resolve("e.yaml"), "");
    assertThat(ReportPolicy.load(empty)).isEqualTo(ReportPolicy.defaults());
  }

  @Test
  void unknownKeyIsRejectedNamingFileLineAndKey() throws Exception {
    Path file = resource("unknown-key.yaml");
    assertThatThrownBy(() -> ReportPolicy.load(file))
        .isInstanceOf(ReportPolicyException.class)
        .hasMessage(file + ":3: key 'cadenceDayz': unknown key (known: cadenceDays, cadenceGraceDays, "
            + "minObjectiveAttainment, requireFollowUpForFail)")
        .satisfies(e -> assertThat(((ReportPolicyException) e).line()).isEqualTo(3));
  }

  @Test
  void badValuesNameTheirLineAndKey() throws Exception {
    Path share = resource("bad-share.yaml");
    assertThatThrownBy(() -> ReportPolicy.load(share))
        .hasMessage(share + ":2: key 'minObjectiveAttainment': must be between 0 and 1 (e.g. 0.9), got 90");
    Path days = resource("bad-days.yaml");
    assertThatThrownBy(() -> ReportPolicy.load(days))
        .hasMessage(days + ":1: key 'cadenceDays': expected a whole number of days, got 'weekly'");
    Path list = Files.writeString(dir.resolve("l.yaml"), "- cadenceDays\n");
    assertThatThrownBy(() -> ReportPolicy.load(list)).hasMessage(list + ":1: expected a mapping of policy keys");
    Path dup = Files.writeString(dir.resolve("d.yaml"), "cadenceDays: 7\ncadenceDays: 8\n");
    assertThatThrownBy(() -> ReportPolicy.load(dup)).hasMessageStartingWith(dup + ":2: key 'cadenceDays': ");
    Path broken = Files.writeString(dir.resolve("b.yaml"), "cadenceDays: [7\n");
    assertThatThrownBy(() -> ReportPolicy.load(broken)).hasMessageStartingWith(broken + ":")
        .hasMessageContaining("not valid YAML");
  }

  static Path resource(String name) throws URISyntaxException {
    return Path.of(ReportPolicyTest.class.getResource("/report/" + name).toURI());
  }
}
