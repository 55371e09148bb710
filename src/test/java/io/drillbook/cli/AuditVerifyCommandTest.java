package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.evidence.EvidenceLogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifyCommandTest {
  @TempDir Path dir;

  @Test
  void threeDemoRunsVerifyAndOneChangedDigitNamesTheEntry() throws Exception {
    Path log = dir.resolve("l.md");
    for (int i = 0; i < 3; i++) {
      assertThat(CliRun.of("demo", "--log", log.toString(), "--rollout-delay", "100ms").exitCode()).isZero();
    }
    CliRun clean = CliRun.of("audit", "verify", log.toString());
    assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
    assertThat(clean.out()).contains("intact, 3 entries");

    String firstId = EvidenceLogReader.readAll(log).get(0).record().drillId();
    String text = Files.readString(log);
    int at = text.indexOf("| Recovery | ") + "| Recovery | ".length();
    int digit = text.indexOf(" s |", at) - 1;
    char changed = text.charAt(digit) == '9' ? '0' : (char) (text.charAt(digit) + 1);
    Files.writeString(log, text.substring(0, digit) + changed + text.substring(digit + 1));

    CliRun broken = CliRun.of("audit", "verify", log.toString(), "--output", "json");
    assertThat(broken.exitCode()).isEqualTo(1);
    var problem = broken.json().get("logs").get(0).get("problems").get(0);
    assertThat(problem.get("kind").asText()).isEqualTo("edited");
    assertThat(problem.get("drillId").asText()).isEqualTo(firstId);
  }

  @Test
  void missingLogIsBadInput() {
    CliRun run = CliRun.of("audit", "verify", dir.resolve("absent.md").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("absent.md: no such file");
  }
}
