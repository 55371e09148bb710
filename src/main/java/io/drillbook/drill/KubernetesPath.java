package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import io.drillbook.drill.RollbackPath.Trigger.Result;
import java.util.Map;

/** Rolls back and restores through the Kubernetes API, exactly as {@code kubectl rollout undo --to-revision}. */
public final class KubernetesPath implements RollbackPath {
  private final Cluster cluster;

  public KubernetesPath(Cluster cluster) {
    this.cluster = cluster;
  }

  /** The Deployment's revisions; a Deployment Helm manages is flagged, since Helm's record will not see the undo. */
  @Override
  public RollbackPlan plan(DrillConfig drill, Cluster cluster) throws PreflightException, InfrastructureException {
    RollbackPlan plan = cluster.plan(drill.target(), drill.toRevision());
    if (plan.helmRelease() == null) {
      return plan;
    }
    return plan.withWarning("deployment " + drill.target().qualifiedName() + " is managed by Helm release "
        + plan.helmRelease() + ": Helm's history will not show this rollback (it will still call the current "
        + "revision deployed, and the next helm upgrade is computed from it); 'method: helm' drills it through Helm");
  }

  @Override
  public void preflight(DrillConfig drill, RollbackPlan plan, String drillId) {
    // The cluster plan already checked everything this path needs.
  }

  @Override
  public Trigger rollBack(DrillConfig drill, RollbackPlan plan, String drillId, PhaseLog phases, Abort abort)
      throws ClusterException {
    phases.begin("rollback", "kubectl rollout undo " + drill.target().qualifiedName() + " --to-revision="
        + plan.toRevision());
    UndoResult undo = cluster.undo(drill.target(), plan.toRevision());
    if (undo.skipped()) {
      phases.fail(undo.message());
      return new Trigger(Result.SKIPPED, undo.message(), Map.of());
    }
    phases.succeed(undo.message() + "; JSON patch accepted");
    return Trigger.done(undo.message(), Map.of());
  }

  @Override
  public Trigger restore(DrillConfig drill, RollbackPlan plan, String drillId) throws ClusterException {
    // A restore that already ran once (its rollout then stalled) moved the original template to a new revision.
    long revision = cluster.newestRevisionRunning(drill.target(), plan.fromImage()).orElse(plan.fromRevision());
    UndoResult undo = cluster.undo(drill.target(), revision);
    return new Trigger(undo.skipped() ? Result.SKIPPED : Result.DONE, undo.message(), Map.of());
  }
}
