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
