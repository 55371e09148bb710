package io.drillbook.config;

import static io.drillbook.config.ConfigText.parse;
import static io.drillbook.config.ConfigText.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code gitops}: refuse by default, a top-level mode and Argo CD namespace, a drill's own mode winning. */
class GitOpsConfigTest {
  private static final String DRILLS = """
      drills:
        - name: ledger-rollback
          environment: staging
          target: { namespace: payments-staging, deployment: ledger-api }
        - name: ledger-paused
          environment: staging
          target: { namespace: payments-staging, deployment: ledger-worker }
          gitops: pause
      """;



  @Test
  void withoutGitopsAReconciledTargetIsRefused_andADrillMayAskForPause() throws Exception {
    DrillbookConfig c = parse(DRILLS);
    assertThat(c.drill("ledger-rollback").orElseThrow().gitops()).isEqualTo(GitOpsConfig.DEFAULT);
    assertThat(c.drill("ledger-paused").orElseThrow().gitops())
        .isEqualTo(new GitOpsConfig(GitOpsConfig.Mode.PAUSE, "argocd"));
  }

  @Test
  void theTopLevelSetsTheDefaultModeAndArgoCdsNamespace_aDrillsOwnModeWins() throws Exception {
    DrillbookConfig c = parse("gitops: { mode: pause, argocdNamespace: gitops-system }\n"
        + DRILLS.replace("gitops: pause", "gitops: refuse"));
    assertThat(c.drill("ledger-rollback").orElseThrow().gitops())
        .isEqualTo(new GitOpsConfig(GitOpsConfig.Mode.PAUSE, "gitops-system"));
    assertThat(c.drill("ledger-paused").orElseThrow().gitops())
        .isEqualTo(new GitOpsConfig(GitOpsConfig.Mode.REFUSE, "gitops-system"));
  }

  @Test
  void anUnknownModeOrKeyIsRefusedOnItsLine() {
    assertThat(refusal(DRILLS.replace("gitops: pause", "gitops: ignore"))).isEqualTo("drillbook.yaml:8: "
        + "drills[1].gitops: 'ignore' is not a choice; use refuse (the default: a drill on a target Argo CD or Flux "
        + "reconciles is INCONCLUSIVE) or pause (suspend the owner for the drill)");
    assertThat(refusal("gitops: { mode: pause, selfHeal: false }\n" + DRILLS)).startsWith("drillbook.yaml:1: gitops")
        .contains("selfHeal");
    assertThat(refusal("gitops: { argocdNamespace: Argo_CD }\n" + DRILLS)).startsWith("drillbook.yaml:1: "
        + "gitops.argocdNamespace: 'Argo_CD' is not a valid name");
  }
}
