package io.drillbook.kube;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/**
 * kubectl's {@code rollout status} rule for Deployments, as a pure function of one Deployment object.
 *
 * @param done the rollout is complete
 * @param failed the controller reported ProgressDeadlineExceeded
 * @param message kubectl's wording for the state
 */
record RolloutStatus(boolean done, boolean failed, String message) {
  static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

  static RolloutStatus of(Deployment deployment) {
    String name = deployment.getMetadata().getName();
    DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
    long generation = orZero(deployment.getMetadata().getGeneration());
    long observed = orZero(status.getObservedGeneration());
    if (generation > observed) {
      return new RolloutStatus(false, false, "Waiting for deployment spec update to be observed...");
    }
    if (status.getConditions() != null) {
      for (DeploymentCondition c : status.getConditions()) {
        if ("Progressing".equals(c.getType()) && PROGRESS_DEADLINE_EXCEEDED.equals(c.getReason())) {
          return new RolloutStatus(false, true, "deployment \"" + name + "\" exceeded its progress deadline");
        }
      }
    }
    Integer specReplicas = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
    int updated = orZero(status.getUpdatedReplicas());
    int replicas = orZero(status.getReplicas());
    int available = orZero(status.getAvailableReplicas());
    if (specReplicas != null && updated < specReplicas) {
      return waiting(name, updated + " out of " + specReplicas + " new replicas have been updated...");
    }
    if (replicas > updated) {
      return waiting(name, (replicas - updated) + " old replicas are pending termination...");
    }
    if (available < updated) {
      return waiting(name, available + " of " + updated + " updated replicas are available...");
    }
    return new RolloutStatus(true, false, "deployment \"" + name + "\" successfully rolled out");
  }

  private static RolloutStatus waiting(String name, String detail) {
    return new RolloutStatus(false, false, "Waiting for deployment \"" + name + "\" rollout to finish: " + detail);
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
