package io.drillbook.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Helm's removeLeastRecent, replayed: the oldest go first, never the deployed revision. */
class HistoryPruningTest {
  private static HelmHistory history(String... statuses) throws Exception {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < statuses.length; i++) {
      rows.add("{\"revision\":" + (i + 1) + ",\"status\":\"" + statuses[i] + "\",\"chart\":\"shop-1.0.0\"}");
    }
    return HelmHistory.parse("shop", "[" + String.join(",", rows) + "]");
  }

  @Test
  void underTheLimitNothingIsPruned() throws Exception {
    assertThat(HistoryPruning.prunedByDrill(history("superseded", "superseded", "deployed"), 10)).isEmpty();
    assertThat(HistoryPruning.prunedByDrill(history("superseded", "deployed"), 0)).isEmpty();
  }

  @Test
  void atTheLimitTheTwoOldestArePruned() throws Exception {
    HelmHistory ten = history("superseded", "superseded", "superseded", "superseded", "superseded", "superseded",
        "superseded", "superseded", "superseded", "deployed");

    assertThat(HistoryPruning.prunedByDrill(ten, 10)).containsExactly(1, 2);
    assertThat(HistoryPruning.lastKnownGood(ten, 10)).isEqualTo(9);
  }

  @Test
  void atTheSmallestLimitEvenTheOriginalGoes_onlyOnceTheRestoreHasReadIt() throws Exception {
    // At 2, the rollback prunes revision 1 (the target, already read), the restore prunes 2 after reading it.
    assertThat(HistoryPruning.prunedByDrill(history("superseded", "deployed"), 2)).containsExactly(1, 2);
  }

  @Test
  void theLastKnownGoodRevisionIsTheNewestSupersededOneBeforeTheDeployed() throws Exception {
    HelmHistory failures = history("superseded", "failed", "failed", "failed", "failed", "failed", "failed",
        "failed", "failed", "deployed");

    assertThat(HistoryPruning.lastKnownGood(failures, 10)).isEqualTo(1);
    assertThat(HistoryPruning.prunedByDrill(failures, 10)).contains(1);
  }
}
