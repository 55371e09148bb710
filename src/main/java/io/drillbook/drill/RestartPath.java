package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import io.drillbook.drill.RollbackPath.Trigger.Result;
import io.drillbook.time.Timing;
import java.util.Map;

/**
 * The runbook's quick stabilizer, drilled: {@code kubectl rollout restart}, new pods of the same release, timed to
 * rolled out and healthy like a rollback. A restart keeps the release, so there is nothing to restore.
 */
public final class RestartPath implements RollbackPath {
  private final Cluster cluster;
  private final Timing timing;

  public RestartPath(Cluster cluster, Timing timing) {
    this.cluster = cluster;
    this.timing = timing;
  }

  @Override
  public RollbackPlan plan(DrillConfig drill, Cluster ignored) throws PreflightException, InfrastructureException {
    return cluster.planRestart(drill.target());
  }

  @Override
  public void preflight(DrillConfig drill, RollbackPlan plan, String drillId) {
    // planRestart checked everything a restart needs.
  }

  @Override
  public Trigger rollBack(DrillConfig drill, RollbackPlan plan, String drillId, PhaseLog phases, Abort abort)
      throws InfrastructureException {
    phases.begin("rollback", "kubectl rollout restart deployment/" + drill.target().deployment() + " -n "
        + drill.target().namespace());
    cluster.restart(drill.target(), timing.now());
    phases.succeed("restartedAt annotation set; strategic merge patch accepted");
    return Trigger.done("restarted " + drill.target().qualifiedName() + " on revision " + plan.fromRevision(),
        Map.of());
  }

  @Override
  public Trigger restore(DrillConfig drill, RollbackPlan plan, String drillId) {
    return new Trigger(Result.SKIPPED, "a restart keeps revision " + plan.fromRevision() + "'s release: nothing to "
        + "restore", Map.of());
  }
}
