package io.drillbook.drill;

import io.drillbook.config.TargetConfig;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * The Kubernetes side of a drill: what the engine needs from a cluster, nothing more. The real implementation
 * talks to an API server through fabric8; tests point it at a mock server or the sandbox.
 */
public interface Cluster extends AutoCloseable {

  /**
   * Preflight: reads the Deployment and its history and says what a rollback would do, touching nothing.
   *
   * @param toRevision the revision to roll back to; empty means the previous one
   * @throws PreflightException when the drill must not run (missing, paused, not rolled out, revision absent)
   */
  RollbackPlan plan(TargetConfig target, OptionalLong toRevision) throws PreflightException, ClusterException;

  /**
   * Rolls the Deployment to the template of {@code toRevision}, as {@code kubectl rollout undo --to-revision}.
   *
   * @return whether a patch was sent, or the rollback was skipped because the template already matched
   */
  UndoResult undo(TargetConfig target, long toRevision) throws ClusterException;

  /**
   * Preflight of a restart: the Deployment exists, is not paused and is settled; the plan's two revisions are the
   * running one (a restart keeps the release).
   */
  default RollbackPlan planRestart(TargetConfig target) throws PreflightException, ClusterException {
    throw new ClusterException("this cluster cannot restart deployments", null, true);
  }

  /**
   * Restarts the Deployment's pods as {@code kubectl rollout restart} does: its pod template's
   * {@code kubectl.kubernetes.io/restartedAt} annotation set to {@code at}, a strategic merge patch.
   */
  default void restart(TargetConfig target, java.time.Instant at) throws ClusterException {
    throw new ClusterException("this cluster cannot restart deployments", null, true);
  }

  /** The newest revision in the Deployment's history whose template runs {@code image}, if any. */
  default OptionalLong newestRevisionRunning(TargetConfig target, String image) throws ClusterException {
    return OptionalLong.empty();
  }

  /**
   * Watches the Deployment until it is rolled out by kubectl's {@code rollout status} rule, fails, the timeout
   * passes or the drill is aborted.
   */
  RolloutOutcome awaitRollout(TargetConfig target, Duration timeout, Abort abort)
      throws ClusterException, InterruptedException;

  /**
   * What this client's identity may not do that a drill of {@code target} will do, restore included (for example
   * {@code "patch apps/deployments"}), as the API server answers it; empty when nothing is missing or the server
   * cannot tell.
   *
   * @param readsPodLogs whether the drill reads pod logs (a runbook drill's log rule)
   */
  default List<String> deniedAccess(TargetConfig target, boolean readsPodLogs) throws ClusterException {
    return List.of();
  }

  /**
   * What the helm CLI of a {@code method: helm} drill would be refused in the release's {@code namespace}, asked before
   * anything changes; empty when everything is allowed or the cluster cannot tell.
   */
  default List<String> deniedHelmAccess(String namespace) throws ClusterException {
    return List.of();
  }

  /**
   * Who else reconciles {@code target}: Argo CD Applications (and their ApplicationSets and parent apps), Flux
   * Kustomizations and HelmReleases, Argo Rollouts. Reads only; what each reconciler's pause would change is
   * worked out, not done.
   */
  default Ownership ownership(TargetConfig target, io.drillbook.config.GitOpsConfig gitops) throws ClusterException {
    return Ownership.NONE;
  }

  /**
   * Sets {@code step}'s field to its paused value ({@code pause}) or back to its original one: a JSON patch that
   * first tests the field holds what the other side left, so a change made meanwhile by someone else is refused
   * rather than overwritten.
   */
  default void applyPause(PauseStep step, boolean pause) throws ClusterException {
    throw new ClusterException("this cluster cannot pause " + step.owner(), null, true);
  }

  /** What this identity may not do that pausing and resuming {@code steps} needs; empty when all is allowed. */
  default List<String> deniedPause(List<PauseStep> steps) throws ClusterException {
    return List.of();
  }

  /** Which cluster this is (context, cluster entry, API server host), for the production guard. */
  default ClusterIdentity identity() {
    return ClusterIdentity.UNKNOWN;
  }

  /**
   * A fingerprint of the Deployment's rollout status (generations and replica counts) that changes whenever the
   * rollout moves, for the {@code noRolloutProgressFor} stop condition; null when it cannot be told.
   */
  default String rolloutProgress(TargetConfig target) throws ClusterException {
    return null;
  }

  @Override
  void close();
}
