package io.drillbook.kube;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Deployment's rollout history as kubectl sees it: only ReplicaSets the Deployment controls (a controller
 * ownerReference with its UID) count, and each one's revision is its {@code deployment.kubernetes.io/revision}.
 */
final class DeploymentHistory {
  private final Deployment deployment;
  private final List<ReplicaSet> owned;

  private DeploymentHistory(Deployment deployment, List<ReplicaSet> owned) {
    this.deployment = deployment;
    this.owned = owned;
  }

  /** Keeps, of {@code candidates} (usually those matching the selector), the ones the Deployment controls. */
  static DeploymentHistory of(Deployment deployment, List<ReplicaSet> candidates) {
    String uid = deployment.getMetadata().getUid();
    List<ReplicaSet> owned = new ArrayList<>();
    for (ReplicaSet rs : candidates) {
      if (isControlledBy(rs, uid)) {
        owned.add(rs);
      }
    }
    return new DeploymentHistory(deployment, owned);
  }

  private static boolean isControlledBy(ReplicaSet rs, String uid) {
    List<OwnerReference> refs = rs.getMetadata().getOwnerReferences();
    if (refs == null || uid == null) {
      return false;
    }
    return refs.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController()) && uid.equals(r.getUid()));
  }

  List<ReplicaSet> owned() {
    return List.copyOf(owned);
  }

  /**
   * The ReplicaSet to roll back to, by kubectl's rules: the given revision, or else the second-highest, except that
   * revisions only {@code kubectl rollout restart} made (the same release) are skipped.
   *
   * @throws RevisionNotFoundException with kubectl's own wording when there is no such revision
   */
  ReplicaSet target(OptionalLong toRevision) throws RevisionNotFoundException {
    if (toRevision.isPresent()) {
      long wanted = toRevision.getAsLong();
      for (ReplicaSet rs : owned) {
        OptionalLong rev = Revisions.of(rs);
        if (rev.isPresent() && rev.getAsLong() == wanted) {
          return rs;
        }
      }
      throw new RevisionNotFoundException("unable to find specified revision " + wanted + " in history");
    }
    List<ReplicaSet> byRevision = owned.stream()
        .filter(rs -> Revisions.of(rs).isPresent())
        .sorted(Comparator.comparingLong((ReplicaSet rs) -> Revisions.of(rs).getAsLong()).reversed())
        .toList();
    if (byRevision.size() < 2) {
      throw new RevisionNotFoundException("no rollout history found for deployment \""
          + deployment.getMetadata().getName() + "\"" + (byRevision.size() == 1
              ? " (it has only one revision; a rollback drill needs at least two)" : ""));
    }
    // Unlike kubectl, skip what `kubectl rollout restart` added: a revision that differs from the running template
    // only by its restartedAt annotation is the same release, and rolling back to it would exercise nothing.
    PodTemplateSpec running = deployment.getSpec().getTemplate();
    return byRevision.stream().skip(1).filter(rs -> !PodTemplates.sameRelease(rs.getSpec().getTemplate(), running))
        .findFirst().orElseThrow(() -> new RevisionNotFoundException("every older revision of deployment \""
            + deployment.getMetadata().getName() + "\" runs the same release, differing only by a restart ("
            + PodTemplates.RESTARTED_AT + "); there is no other release to roll back to"));
  }

  /** The ReplicaSet whose template equals the Deployment's (the controller's "new" ReplicaSet), if any. */
  Optional<ReplicaSet> current() {
    return owned.stream()
        .filter(rs -> PodTemplates.equalIgnoringHash(rs.getSpec().getTemplate(), deployment.getSpec().getTemplate()))
        .min(Comparator.comparing(rs -> Objects.toString(rs.getMetadata().getCreationTimestamp(), "")));
  }

  /** The revision running now: the Deployment's own annotation, else its current ReplicaSet's. */
  OptionalLong currentRevision() {
    OptionalLong fromDeployment = Revisions.of(deployment);
    if (fromDeployment.isPresent()) {
      return fromDeployment;
    }
    return current().map(Revisions::of).orElse(OptionalLong.empty());
  }

  /** Thrown with kubectl's wording when the requested revision is not in the history. */
  static final class RevisionNotFoundException extends Exception {
    RevisionNotFoundException(String message) {
      super(message);
    }
  }
}
