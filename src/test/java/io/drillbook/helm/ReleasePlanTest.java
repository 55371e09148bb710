package io.drillbook.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drillbook.config.HelmConfig;
import io.drillbook.drill.PreflightException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReleasePlanTest {
  private static final HelmConfig RELEASE = new HelmConfig("drill", "helm4", null, null);

  private static HelmHistory history(String fixture) throws Exception {
    return HelmHistory.parse("drill", HelmHistoryTest.fixture(fixture));
  }

  @Test
  void previousMeansHelmsOwnDefaultTheRevisionBeforeTheDeployedOne() throws Exception {
    ReleasePlan plan = ReleasePlan.of(RELEASE, history("helm4-history-before-rollback.json"), OptionalLong.empty());

    assertThat(plan.from().revision()).isEqualTo(3);
    assertThat(plan.to().revision()).isEqualTo(2);
  }

  @Test
  void anExplicitRevisionIsTaken() throws Exception {
    ReleasePlan plan = ReleasePlan.of(RELEASE, history("helm3-history-before-rollback.json"), OptionalLong.of(1));

    assertThat(plan.to().revision()).isEqualTo(1);
  }

  @Test
  void aReleaseInTheMiddleOfAnotherOperationIsRefused() {
    assertThatThrownBy(() -> ReleasePlan.of(RELEASE, history("helm4-history-killed-rollback.json"),
        OptionalLong.empty()))
        .isInstanceOf(PreflightException.class)
        .hasMessage("Helm release helm4/drill is pending-rollback at revision 7: another operation "
            + "(install/upgrade/rollback) is in progress or was cut short; nothing was changed");
  }

  @Test
  void aReleaseWhoseNewestRevisionFailedIsRefused() {
    assertThatThrownBy(() -> ReleasePlan.of(RELEASE, history("helm4-history-failed-upgrade.json"),
        OptionalLong.empty()))
        .hasMessage("Helm release helm4/drill revision 5 is failed, not deployed: a drill must start from a "
            + "deployed release");
  }

  @Test
  void aSingleRevisionOrAMissingOrCurrentTargetIsRefused() throws Exception {
    HelmHistory single = HelmHistory.parse("drill",
        "[{\"revision\":1,\"status\":\"deployed\",\"chart\":\"drill-app-0.1.0\",\"description\":\"Install complete\"}]");
    assertThatThrownBy(() -> ReleasePlan.of(RELEASE, single, OptionalLong.empty()))
        .hasMessage("Helm release helm4/drill has only one revision; a rollback drill needs at least two");
    assertThatThrownBy(() -> ReleasePlan.of(RELEASE, history("helm4-history-before-rollback.json"),
        OptionalLong.of(9)))
        .hasMessage("Helm release helm4/drill has no revision 9 (it keeps 1-3)");
    assertThatThrownBy(() -> ReleasePlan.of(RELEASE, history("helm4-history-before-rollback.json"),
        OptionalLong.of(3)))
        .hasMessage("Helm release helm4/drill revision 3 is the deployed one; roll back to an older revision");
  }
}
