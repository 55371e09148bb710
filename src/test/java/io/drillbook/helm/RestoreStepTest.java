package io.drillbook.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.drill.RollbackPlan;
import org.junit.jupiter.api.Test;

class RestoreStepTest {
  private static HelmHistory history(String fixture) throws Exception {
    return HelmHistory.parse("drill", HelmHistoryTest.fixture(fixture));
  }

  @Test
  void aRollbackOfThisDrillCutShortIsClearedByRollingBackToTheOriginal() throws Exception {
    // The fixture's revision 7 is "Rollback to 5", killed: as if a drill started from 6 and rolled back to 5.
    RestoreStep step = RestoreStep.of(history("helm4-history-killed-rollback.json"), plan(6, 5));

    assertThat(step.action()).isEqualTo(RestoreStep.Action.ROLL_BACK);
    assertThat(step.reason()).isEqualTo("revision 7 is this drill's rollback, cut short (pending-rollback); rolling "
        + "back to revision 6 clears it");
  }

  @Test
  void aPendingStateTheDrillDidNotCreateIsLeftAlone() throws Exception {
    // Helm 3 has no rollback_revision: "Rollback to 5" is read from the description. A drill that started from 6
    // and rolled back to 4 did not write it.
    RestoreStep step = RestoreStep.of(history("helm3-history-killed-rollback.json"), plan(6, 4));

    assertThat(step.action()).isEqualTo(RestoreStep.Action.LEAVE_ALONE);
    assertThat(step.reason()).startsWith("revision 7 is pending-rollback (\"Rollback to 5\"), which this drill did "
        + "not start (it started from revision 6 and rolled back to 4)");
  }

  @Test
  void aRestoreThatAlreadyLandedIsNotRepeated() throws Exception {
    // Revision 6 is "Rollback to 4", deployed: the restore of a drill that started from 4 already ran.
    HelmHistory cleared = HelmHistory.parse("drill", HelmHistoryTest.fixture("helm4-history-killed-rollback.json")
        .replaceFirst(",\\{\"revision\":7[^}]*}", ""));

    RestoreStep step = RestoreStep.of(cleared, plan(4, 5));

    assertThat(step.action()).isEqualTo(RestoreStep.Action.ALREADY_RESTORED);
  }

  @Test
  void aReleaseStillOnTheStartRevisionNeedsNoRollback() throws Exception {
    RestoreStep step = RestoreStep.of(history("helm4-history-before-rollback.json"), plan(3, 2));

    assertThat(step.action()).isEqualTo(RestoreStep.Action.ALREADY_RESTORED);
    assertThat(step.reason()).isEqualTo("revision 3 is still the deployed one");
  }

  @Test
  void aDeployedReleaseIsRolledBackToTheOriginal() throws Exception {
    RestoreStep step = RestoreStep.of(history("helm4-history-before-rollback.json"), plan(2, 1));

    assertThat(step.action()).isEqualTo(RestoreStep.Action.ROLL_BACK);
  }

  private static RollbackPlan plan(long from, long to) {
    return new RollbackPlan(from, "registry.example/drill-app:1.0.0", to, "registry.example/drill-app:broken",
        false, null);
  }
}
