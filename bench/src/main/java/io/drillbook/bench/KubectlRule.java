package io.drillbook.bench;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/**
 * kubectl's {@code rollout status} completion rule, restated for the peer approaches (drillbook's own copy is
 * package-private): observed generation caught up, all replicas updated, no old ones left, all updated available.
 */
final class KubectlRule {
  private KubectlRule() {}

  static boolean complete(Deployment d) {
    if (d == null || d.getSpec() == null) {
      return false;
    }
    DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    long observed = s.getObservedGeneration() == null ? 0 : s.getObservedGeneration();
    int spec = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    int updated = orZero(s.getUpdatedReplicas());
    return observed >= generation && updated >= spec && orZero(s.getReplicas()) <= updated
        && orZero(s.getAvailableReplicas()) >= updated;
  }

  private static int orZero(Integer v) {
    return v == null ? 0 : v;
  }
}
