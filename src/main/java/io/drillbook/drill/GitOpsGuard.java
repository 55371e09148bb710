package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.GitOpsConfig;
import io.drillbook.time.Timing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a drill honest about the other controllers that reconcile its target. A rollback that Argo CD's self-heal
 * or Flux's next reconcile reverts measures the reconciler, not the rollback; so by default such a drill is refused,
 * and with {@code gitops: pause} the owner is suspended for the drill and put back exactly as it was.
 */
final class GitOpsGuard {
  static final String OWNERS = "gitopsOwners";
  static final String PAUSED = "gitopsPaused";
  static final String RESUMED = "gitopsResumed";
  static final String RESUME_ERROR = "gitopsResumeError";

  private final Cluster cluster;
  private final Timing timing;

  GitOpsGuard(Cluster cluster, Timing timing) {
    this.cluster = cluster;
    this.timing = timing;
  }

  /**
   * Finds who reconciles the drill's target and decides whether the drill may run.
   *
   * @throws PreflightException naming the owner and how to proceed, when the drill must not run
   */
  Ownership check(DrillConfig drill) throws PreflightException, ClusterException {
    Ownership found = cluster.ownership(drill.target(), drill.gitops());
    String target = "deployment " + drill.target().qualifiedName();
    if (found.refusal() != null) {
      throw new PreflightException(found.refusal());
    }
    if (!found.reconciled()) {
      return found;
    }
    if (drill.gitops().mode() == GitOpsConfig.Mode.REFUSE) {
      throw new PreflightException(target + " is reconciled by " + found.describe() + ", which would undo the "
          + "rollback or race the restore; set 'gitops: pause' on the drill to suspend it for the drill, or drill a "
          + "target nothing reconciles");
    }
    for (Reconciler r : found.chain()) {
      if (r.cannotPause() != null) {
        throw new PreflightException(target + " is reconciled by " + found.describe() + ", and 'gitops: pause' "
            + "cannot hold: " + r.cannotPause());
      }
    }
    List<String> denied = cluster.deniedPause(found.pauseSteps());
    if (!denied.isEmpty()) {
      throw new PreflightException("'gitops: pause' needs this identity to " + String.join(", ", denied)
          + ", which it may not; grant them with the Roles in k8s/optional/ (argocd-role.yaml, flux-role.yaml)");
    }
    return found;
  }

  /**
   * @param facts what to record
   * @param error why a pause failed (what was paused before it was put back); null when every step was paused
   * @param leftPaused whether something stays paused after a failure (putting it back failed too)
   */
  record Paused(Map<String, String> facts, String error, boolean leftPaused) {}

  /** Pauses every step, the topmost owner first. When one fails, what was already paused is put back. */
  Paused pause(List<PauseStep> steps) {
    List<PauseStep> done = new ArrayList<>();
    for (PauseStep step : steps) {
      try {
        cluster.applyPause(step, true);
        done.add(step);
      } catch (ClusterException e) {
        Map<String, String> back = resume(done);
        return new Paused(back, "could not pause " + step.owner() + ": " + e.getMessage(),
            back.containsKey(RESUME_ERROR));
      }
    }
    Map<String, String> facts = new LinkedHashMap<>();
    if (!steps.isEmpty()) {
      facts.put(PAUSED, String.join("; ", steps.stream().map(PauseStep::pauseText).toList()) + " at "
          + timing.now());
    }
    return new Paused(facts, null, false);
  }

  /**
   * Puts every step back, the target's direct owner first (its parent would otherwise put the paused child back on
   * its own terms). Never throws: a step that could not be put back is a fact, and the others are still tried.
   */
  Map<String, String> resume(List<PauseStep> paused) {
    Map<String, String> facts = new LinkedHashMap<>();
    List<String> done = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (int i = paused.size() - 1; i >= 0; i--) {
      PauseStep step = paused.get(i);
      try {
        cluster.applyPause(step, false);
        done.add(step.resumeText());
      } catch (ClusterException e) {
        failed.add("could not resume " + step.owner() + " (" + step.field() + " should be "
            + (step.original() == null ? "absent" : step.original()) + "): " + e.getMessage());
      }
    }
    if (!done.isEmpty()) {
      facts.put(RESUMED, String.join("; ", done) + " at " + timing.now());
    }
    if (!failed.isEmpty()) {
      facts.put(RESUME_ERROR, String.join("; ", failed) + "; 'drillbook recover' tries again");
    }
    return facts;
  }
}
