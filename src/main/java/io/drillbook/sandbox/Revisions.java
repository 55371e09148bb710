package io.drillbook.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The annotations and ownership rules the Deployment controller uses to track revisions. */
final class Revisions {

  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
  static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";

  private Revisions() {}

  /** The revision annotation as a number; 0 when absent or malformed, as the controller treats it. */
  static long of(HasMetadata resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(REVISION);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static long max(List<ReplicaSet> replicaSets) {
    return replicaSets.stream().mapToLong(Revisions::of).max().orElse(0);
  }

  /** Replica sets whose controlling owner is the given Deployment. */
  static boolean ownedBy(ReplicaSet rs, Deployment deployment) {
    return rs.getMetadata().getOwnerReferences() != null
        && rs.getMetadata().getOwnerReferences().stream()
            .anyMatch(ref -> Boolean.TRUE.equals(ref.getController())
                && deployment.getMetadata().getUid().equals(ref.getUid()));
  }

  static Comparator<ReplicaSet> oldestFirst() {
    return Comparator.comparingLong(Revisions::of);
  }

  /** The revision-history value after moving a replica set off {@code oldRevision}. */
  static String appendHistory(String history, long oldRevision) {
    if (oldRevision <= 0) {
      return history;
    }
    return history == null || history.isEmpty() ? Long.toString(oldRevision) : history + "," + oldRevision;
  }
}
