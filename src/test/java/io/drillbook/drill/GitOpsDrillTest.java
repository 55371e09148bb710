package io.drillbook.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.GitOpsConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.TargetConfig;
import io.drillbook.config.Timeouts;
import io.drillbook.drill.RolloutOutcome.State;
import io.drillbook.time.Timing;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GitOpsDrillTest {
  private static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");
  private static final String APP = "Argo CD Application argocd/ledger";
  private static final String PARENT = "Argo CD Application argocd/payments-apps";
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Timing timing = new Timing(Clock.fixed(T0, ZoneOffset.UTC), nanos::get,
      slept -> nanos.addAndGet(slept.toNanos()));
  private final FakeCluster cluster = new FakeCluster(nanos);

  private static PauseStep automatedOff(String owner, String name) {
    return new PauseStep(owner, "argoproj.io/v1alpha1", "applications", "argocd", name, "/spec/syncPolicy/automated",
        "{\"prune\":true,\"selfHeal\":true}", null);
  }

  private static Ownership appOfApps() {
    return new Ownership(List.of(
        new Reconciler("Argo CD Application", "argocd", "ledger", "annotation argocd.argoproj.io/tracking-id",
            automatedOff(APP, "ledger"), null),
        new Reconciler("Argo CD Application", "argocd", "payments-apps", "annotation argocd.argoproj.io/tracking-id",
            automatedOff(PARENT, "payments-apps"), null)), null, List.of());
  }

  private static DrillConfig drill(GitOpsConfig.Mode mode) {
    return new DrillConfig("ledger-staging-rollback", "staging",
        new TargetConfig(null, null, "payments-staging", "ledger-api"),
        new DrillConfig.Rollback(RollbackMethod.KUBERNETES, OptionalLong.empty(), true, null),
        new DrillConfig.Judging(Duration.ofMinutes(5), null, Timeouts.DEFAULTS, null),
        new DrillConfig.Evidence(Path.of("drills/ledger.md"), "drills/ledger.md"), null, DrillConfig.Safety.NONE)
        .withGitOps(GitOpsConfig.DEFAULT.withMode(mode));
  }

  private final HealthProbe health = (url, expect, timeout, abort) -> new HealthProbe.HealthResult(true, 1, 200,
      null, nanos.get());

  private DrillRecord run(DrillConfig d) {
    return run(cluster, d);
  }

  private DrillRecord run(Cluster on, DrillConfig d) {
    return new DrillEngine(on, any -> new KubernetesPath(cluster), health, Verifier.NONE, timing,
        new DrillIds(new Random(7))).run(d, new Abort(), DrillListener.silent());
  }

  @Test
  void reconciledTargetIsRefusedByDefault_namingTheOwnerAndHowToProceed_andNothingIsTouched() {
    cluster.ownership = appOfApps();

    DrillRecord r = run(drill(GitOpsConfig.Mode.REFUSE));

    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.reason()).isEqualTo("preflight refused: deployment payments-staging/ledger-api is reconciled by "
        + APP + " (annotation argocd.argoproj.io/tracking-id), owned by " + PARENT + " (annotation "
        + "argocd.argoproj.io/tracking-id), which would undo the rollback or race the restore; set 'gitops: pause' "
        + "on the drill to suspend it for the drill, or drill a target nothing reconciles");
    assertThat(cluster.calls).isEmpty();
  }

  @Test
  void pausedDrillSuspendsTheParentFirst_andResumesTheChildFirst_evenWhenTheDrillFails() {
    cluster.ownership = appOfApps();
    cluster.rollout(State.FAILED, 20.0).rollout(State.COMPLETE, 3.0);

    DrillRecord r = run(drill(GitOpsConfig.Mode.PAUSE));

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(cluster.calls).containsExactly("plan", "pause " + PARENT, "pause " + APP, "undo 2", "await", "undo 3",
        "await", "resume " + APP, "resume " + PARENT);
    assertThat(r.facts()).containsEntry("gitopsOwners", APP + " (annotation argocd.argoproj.io/tracking-id), "
        + "owned by " + PARENT + " (annotation argocd.argoproj.io/tracking-id)");
    assertThat(r.facts().get("gitopsPaused")).isEqualTo(PARENT + ": spec.syncPolicy.automated removed; " + APP
        + ": spec.syncPolicy.automated removed at " + T0);
    assertThat(r.facts().get("gitopsResumed")).isEqualTo(APP + ": spec.syncPolicy.automated put back to "
        + "{\"prune\":true,\"selfHeal\":true}; " + PARENT + ": spec.syncPolicy.automated put back to "
        + "{\"prune\":true,\"selfHeal\":true} at " + T0);
  }

  @Test
  void anAbortedDrillStillPutsTheOwnersBack() {
    cluster.ownership = appOfApps();
    cluster.rollout(State.ABORTED, 1.0).rollout(State.COMPLETE, 2.0);

    DrillRecord r = run(drill(GitOpsConfig.Mode.PAUSE));

    assertThat(r.verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(cluster.calls).endsWith("resume " + APP, "resume " + PARENT);
    assertThat(r.facts()).containsKey("gitopsResumed").doesNotContainKey("gitopsResumeError");
  }

  @Test
  void aDrillWhoseRestoreFailedStillPutsTheOwnersBack() {
    cluster.ownership = appOfApps();
    cluster.rollout(State.COMPLETE, 4.0);
    cluster.restoreFailures = -1;
    cluster.restoreError = new ClusterException("failed restoring revision 3 of payments-staging/ledger-api: 403 "
        + "Forbidden: the service account lacks a permission", null, true);

    DrillRecord r = run(drill(GitOpsConfig.Mode.PAUSE));

    assertThat(r.restored()).isFalse();
    assertThat(r.reason()).contains("STAGING NOT RESTORED");
    assertThat(cluster.calls).endsWith("resume " + APP, "resume " + PARENT);
    assertThat(r.facts()).containsKey("gitopsResumed");
  }

  @Test
  void aPauseThatFailsPutsBackWhatWasPaused_andTheDrillChangesNothing() {
    cluster.ownership = appOfApps();
    cluster.failingOwner = APP;

    DrillRecord r = run(drill(GitOpsConfig.Mode.PAUSE));

    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.reason()).startsWith("preflight refused: could not pause " + APP + ": 403 Forbidden");
    assertThat(cluster.calls).containsExactly("plan", "pause " + PARENT, "pause " + APP, "resume " + PARENT);
    assertThat(r.restored()).isTrue();
  }

  @Test
  void aResumeThatFailsIsRecordedAndDoesNotStopTheOthers() {
    cluster.ownership = appOfApps();
    cluster.rollout(State.COMPLETE, 4.0).rollout(State.COMPLETE, 3.0);

    DrillRecord r = run(new FakeClusterResumeRefused(cluster), drill(GitOpsConfig.Mode.PAUSE));

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.facts().get("gitopsResumeError")).isEqualTo("could not resume " + APP + " (spec.syncPolicy."
        + "automated should be {\"prune\":true,\"selfHeal\":true}): 403 Forbidden; 'drillbook recover' tries again");
    assertThat(r.facts().get("gitopsResumed")).startsWith(PARENT + ": spec.syncPolicy.automated put back");
  }

  @Test
  void anOwnerThatCannotBePausedIsRefusedEvenWithPause() {
    cluster.ownership = new Ownership(List.of(new Reconciler("Argo CD Application", "argocd", "ledger",
        "annotation argocd.argoproj.io/tracking-id", automatedOff(APP, "ledger"), null),
        new Reconciler("Argo CD ApplicationSet", "argocd", "payments", "owner of Application argocd/ledger", null,
            "ApplicationSet argocd/payments puts Application ledger's sync policy back")), null, List.of());

    DrillRecord r = run(drill(GitOpsConfig.Mode.PAUSE));

    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.reason()).endsWith("and 'gitops: pause' cannot hold: ApplicationSet argocd/payments puts "
        + "Application ledger's sync policy back");
    assertThat(cluster.calls).isEmpty();
  }

  @Test
  void aRolloutsWorkloadIsRefusedWhateverTheDrillSays() {
    cluster.ownership = new Ownership(List.of(), "deployment payments-staging/ledger-api is the workload of Argo "
        + "Rollouts Rollout payments-staging/ledger", List.of());

    DrillRecord r = run(drill(GitOpsConfig.Mode.PAUSE));

    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.reason()).contains("is the workload of Argo Rollouts Rollout");
    assertThat(cluster.calls).isEmpty();
  }

  /** The fake cluster, refusing to resume the child Application. */
  private static final class FakeClusterResumeRefused implements Cluster {
    private final FakeCluster inner;

    FakeClusterResumeRefused(FakeCluster inner) {
      this.inner = inner;
    }

    @Override
    public RollbackPlan plan(TargetConfig target, OptionalLong toRevision) throws PreflightException,
        ClusterException {
      return inner.plan(target, toRevision);
    }

    @Override
    public UndoResult undo(TargetConfig target, long toRevision) throws ClusterException {
      return inner.undo(target, toRevision);
    }

    @Override
    public RolloutOutcome awaitRollout(TargetConfig target, Duration timeout, Abort abort)
        throws ClusterException, InterruptedException {
      return inner.awaitRollout(target, timeout, abort);
    }

    @Override
    public Ownership ownership(TargetConfig target, GitOpsConfig gitops) {
      return inner.ownership;
    }

    @Override
    public void applyPause(PauseStep step, boolean pause) throws ClusterException {
      if (!pause && step.owner().equals(APP)) {
        throw new ClusterException("403 Forbidden", null, true);
      }
    }

    @Override
    public void close() {}
  }
}
