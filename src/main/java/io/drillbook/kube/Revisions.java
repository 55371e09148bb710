package io.drillbook.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.OptionalLong;

/** Reads the {@code deployment.kubernetes.io/revision} annotation the Deployment controller maintains. */
final class Revisions {
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
  static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  static final String DEPRECATED_ROLLBACK_TO = "deprecated.deployment.rollback.to";

  private Revisions() {}

  /** The revision of a Deployment or ReplicaSet, empty when unannotated or unparsable (kubectl skips those). */
  static OptionalLong of(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata() == null ? null : object.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(REVISION);
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
