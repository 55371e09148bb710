package io.drillbook.sandbox;

import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Deployment status and condition wording copied from the Deployment controller. */
final class DeploymentStatuses {

  static final String PROGRESSING = "Progressing";
  static final String AVAILABLE = "Available";

  static final String NEW_RS_CREATED = "NewReplicaSetCreated";
  static final String FOUND_NEW_RS = "FoundNewReplicaSet";
  static final String RS_UPDATED = "ReplicaSetUpdated";
  static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
  static final String DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
  static final String MIN_AVAILABLE = "MinimumReplicasAvailable";
  static final String MIN_UNAVAILABLE = "MinimumReplicasUnavailable";

  private DeploymentStatuses() {}

  static String createdMessage(String rs) {
    return "Created new replica set \"" + rs + "\"";
  }

  static String foundMessage(String rs) {
    return "Found new replica set \"" + rs + "\"";
  }

  static String progressingMessage(String rs) {
    return "ReplicaSet \"" + rs + "\" is progressing.";
  }

  static String completeMessage(String rs) {
    return "ReplicaSet \"" + rs + "\" has successfully progressed.";
  }

  static String timedOutMessage(String rs) {
    return "ReplicaSet \"" + rs + "\" has timed out progressing.";
  }

  /**
   * Replica counts computed from the replica sets exactly like the controller's calculateStatus,
   * keeping the previous conditions.
   */
  static DeploymentStatus counts(DeploymentStatus previous, long observedGeneration, ReplicaSet newRs,
      List<ReplicaSet> all) {
    int actual = 0;
    int desiredSum = 0;
    int ready = 0;
    for (ReplicaSet rs : all) {
      actual += rs.getStatus() == null || rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
      desiredSum += ReplicaSets.specReplicas(rs);
      ready += ReplicaSets.readyReplicas(rs);
    }
    int updated = newRs.getStatus() == null || newRs.getStatus().getReplicas() == null
        ? 0 : newRs.getStatus().getReplicas();
    DeploymentStatus status = new DeploymentStatus();
    status.setObservedGeneration(observedGeneration);
    status.setReplicas(ReplicaSets.nullIfZero(actual));
    status.setUpdatedReplicas(ReplicaSets.nullIfZero(updated));
    status.setReadyReplicas(ReplicaSets.nullIfZero(ready));
    status.setAvailableReplicas(ReplicaSets.nullIfZero(ready));
    status.setUnavailableReplicas(ReplicaSets.nullIfZero(Math.max(0, desiredSum - ready)));
    status.setConditions(previous == null || previous.getConditions() == null
        ? new ArrayList<>() : new ArrayList<>(previous.getConditions()));
    return status;
  }

  /**
   * Sets a condition the way the Deployment controller does (k8s.io/kubernetes pkg/controller/deployment/util
   * SetDeploymentCondition): unchanged when status and reason match; otherwise the condition is removed and appended,
   * so the one changed last is listed last (kubectl describe shows that order), with lastTransitionTime kept when only
   * the reason changes. Progress ({@code Progressing=True/ReplicaSetUpdated}) is the controller's special case in
   * syncRolloutStatus: removed and appended on every step, so its message and lastUpdateTime follow the rollout.
   */
  static void setCondition(DeploymentStatus status, String type, boolean value, String reason, String message,
      Instant now) {
    String when = now.truncatedTo(ChronoUnit.SECONDS).toString();
    String newStatus = value ? "True" : "False";
    List<DeploymentCondition> conditions = status.getConditions();
    DeploymentCondition current = conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    boolean progress = PROGRESSING.equals(type) && value && RS_UPDATED.equals(reason);
    if (current != null && !progress && newStatus.equals(current.getStatus()) && reason.equals(current.getReason())) {
      return;
    }
    String transition = current != null && newStatus.equals(current.getStatus())
        ? current.getLastTransitionTime() : when;
    conditions.removeIf(c -> type.equals(c.getType()));
    conditions.add(condition(type, newStatus, reason, message, when, transition));
  }

  /** Available condition for the given available count against {@code desired - maxUnavailable}. */
  static void setAvailability(DeploymentStatus status, int desired, int maxUnavailable, Instant now) {
    int available = status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas();
    if (available >= desired - maxUnavailable) {
      setCondition(status, AVAILABLE, true, MIN_AVAILABLE, "Deployment has minimum availability.", now);
    } else {
      setCondition(status, AVAILABLE, false, MIN_UNAVAILABLE, "Deployment does not have minimum availability.", now);
    }
  }

  private static DeploymentCondition condition(String type, String status, String reason, String message,
      String updated, String transition) {
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastUpdateTime(updated)
        .withLastTransitionTime(transition)
        .build();
  }
}
