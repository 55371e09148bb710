package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import java.util.Map;

/**
 * How a drill triggers the rollback and the restore: through the Kubernetes API, or by dispatching a GitHub Actions
 * workflow. The engine does the rest the same way for every path: it watches the cluster, probes health, judges.
 */
public interface RollbackPath {

  /**
   * What the rollback will do, from preflight reads alone. The default reads the Deployment's revisions as kubectl
   * does; a path with revisions of its own (a Helm release) plans in those.
   */
  default RollbackPlan plan(DrillConfig drill, Cluster cluster) throws PreflightException, InfrastructureException {
    return cluster.plan(drill.target(), drill.toRevision());
  }

  /** Path-specific preflight once the cluster plan is known (e.g. the workflow exists and declares its inputs). */
  void preflight(DrillConfig drill, RollbackPlan plan, String drillId)
      throws PreflightException, InfrastructureException;

  /**
   * Triggers the rollback to {@code plan.toRevision()} and returns once the trigger itself has concluded (the patch
   * was accepted, the workflow run completed), recording its own phases.
   */
  Trigger rollBack(DrillConfig drill, RollbackPlan plan, String drillId, PhaseLog phases, Abort abort)
      throws InfrastructureException, InterruptedException;

  /** Triggers the roll-forward to {@code plan.fromRevision()}; the engine then waits for the rollout. */
  Trigger restore(DrillConfig drill, RollbackPlan plan, String drillId)
      throws InfrastructureException, InterruptedException;

  /**
   * What a trigger achieved.
   *
   * @param result how it ended
   * @param message one sentence for the phase detail or the verdict reason
   * @param facts named values for the evidence (run URL, head SHA, ...)
   */
  record Trigger(Result result, String message, Map<String, String> facts) {
    public Trigger {
      facts = Map.copyOf(facts);
    }

    public static Trigger done(String message, Map<String, String> facts) {
      return new Trigger(Result.DONE, message, facts);
    }

    /** The path gave up in a way the runbook answers with its fallback path. */
    public static Trigger fallBack(String message, Map<String, String> facts) {
      return new Trigger(Result.FALL_BACK, message, facts);
    }

    /** The ways a trigger ends. */
    public enum Result {
      /** Triggered; the cluster should now roll out. */
      DONE,
      /** Nothing to do: the target already matched (kubectl's "skipped rollback"). */
      SKIPPED,
      /** The trigger itself failed (e.g. the workflow run concluded failure). */
      FAILED,
      /**
       * The trigger failed in a way the runbook answers with its fallback path (the dispatch was refused, the run
       * failed, was cancelled or waited too long for an approval): a drill with a fallback takes it, a drill
       * without one fails as for {@link #FAILED}.
       */
      FALL_BACK,
      /** The drill was aborted while triggering. */
      ABORTED
    }
  }
}
