package io.drillbook.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code helm history -o json} as Helm 4.3.2 and Helm 3.21.4 really print it (fixtures recorded on the real plane). */
class HelmHistoryTest {
  static String fixture(String name) throws Exception {
    return Files.readString(Path.of("src/test/resources/helm/fixtures", name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"helm4", "helm3"})
  void readsTheRollbackTargetFromEitherHelm(String helm) throws Exception {
    HelmHistory history = HelmHistory.parse("drill", fixture(helm + "-history-after-rollback.json"));

    assertThat(history.revisions()).extracting(HelmRevision::revision).containsExactly(1, 2, 3, 4);
    HelmRevision latest = history.latest().orElseThrow();
    assertThat(latest.deployed()).isTrue();
    // Helm 4 says rollback_revision; Helm 3 only "Rollback to 1": both read as the same target.
    assertThat(latest.rollbackOf()).isEqualTo(1);
    assertThat(latest.chartName()).isEqualTo("drill-app");
    assertThat(latest.chartVersion()).isEqualTo("0.1.0");
    assertThat(latest.appVersion()).isEqualTo("1.0.0");
    assertThat(history.revision(2).orElseThrow().rollbackOf()).isZero();
    assertThat(history.previous().orElseThrow().revision()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"helm4", "helm3"})
  void aRollbackKilledMidwayLeavesTheNewestRevisionPending(String helm) throws Exception {
    HelmHistory history = HelmHistory.parse("drill", fixture(helm + "-history-killed-rollback.json"));

    HelmRevision latest = history.latest().orElseThrow();
    assertThat(latest.pending()).isTrue();
    assertThat(latest.status()).isEqualTo("pending-rollback");
    assertThat(latest.rollbackOf()).isEqualTo(5);
    assertThat(history.revision(latest.revision() - 1).orElseThrow().deployed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"helm4", "helm3"})
  void aClearedReleaseKeepsItsOldPendingRevisionButIsNotPending(String helm) throws Exception {
    HelmHistory history = HelmHistory.parse("drill", fixture(helm + "-history-cleared.json"));

    assertThat(history.revisions()).anyMatch(HelmRevision::pending);
    assertThat(history.latest().orElseThrow().pending()).isFalse();
    assertThat(history.latest().orElseThrow().deployed()).isTrue();
  }

  @Test
  void aFailedUpgradeKeepsHelmsMultiLineMessage() throws Exception {
    HelmHistory history = HelmHistory.parse("drill", fixture("helm4-history-failed-upgrade.json"));

    assertThat(history.latest().orElseThrow().status()).isEqualTo("failed");
    assertThat(history.latest().orElseThrow().description()).contains("not ready").contains("context deadline");
  }

  @Test
  void refusesWhatIsNotHelmsHistoryNamingTheEntryAndField() {
    assertThatThrownBy(() -> HelmHistory.parse("drill", "{\"revision\":1}"))
        .hasMessage("helm history drill: expected a JSON array of revisions");
    assertThatThrownBy(() -> HelmHistory.parse("drill", "[{\"revision\":1,\"status\":\"deployed\"},{\"revision\":2}]"))
        .hasMessage("helm history drill: entry 1: 'status' is missing");
    assertThatThrownBy(() -> HelmHistory.parse("drill", "[{\"revision\":\"x\",\"status\":\"deployed\"}]"))
        .hasMessageContaining("entry 0: 'revision' is not a positive number");
    assertThatThrownBy(() -> HelmHistory.parse("drill", "Error: release: not found"))
        .hasMessageStartingWith("helm history drill: not JSON");
  }
}
