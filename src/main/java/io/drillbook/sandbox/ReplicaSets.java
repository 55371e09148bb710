package io.drillbook.sandbox;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds ReplicaSets shaped like the ones the Deployment controller creates. */
final class ReplicaSets {

  private ReplicaSets() {}

  /** A new replica set for {@code template}, owned by {@code deployment}, named {@code <deployment>-<hash>}. */
  static ReplicaSet forTemplate(Deployment deployment, PodTemplateSpec template, long revision, int replicas,
      int maxSurge) {
    String hash = PodTemplates.hash(template);
    PodTemplateSpec rsTemplate = PodTemplates.withoutHash(template);
    rsTemplate.getMetadata().setLabels(PodTemplates.withHash(rsTemplate.getMetadata().getLabels(), hash));
    Map<String, String> selector = PodTemplates.withHash(
        deployment.getSpec().getSelector().getMatchLabels(), hash);
    Map<String, String> annotations = new LinkedHashMap<>();
    int desired = deployment.getSpec().getReplicas();
    annotations.put(Revisions.DESIRED_REPLICAS, Integer.toString(desired));
    annotations.put(Revisions.MAX_REPLICAS, Integer.toString(desired + maxSurge));
    annotations.put(Revisions.REVISION, Long.toString(revision));
    return new ReplicaSetBuilder()
        .withNewMetadata()
          .withName(deployment.getMetadata().getName() + "-" + hash)
          .withNamespace(deployment.getMetadata().getNamespace())
          .withLabels(rsTemplate.getMetadata().getLabels())
          .withAnnotations(annotations)
          .withOwnerReferences(new OwnerReferenceBuilder()
              .withApiVersion("apps/v1")
              .withKind("Deployment")
              .withName(deployment.getMetadata().getName())
              .withUid(deployment.getMetadata().getUid())
              .withController(true)
              .withBlockOwnerDeletion(true)
              .build())
        .endMetadata()
        .withNewSpec()
          .withReplicas(replicas)
          .withNewSelector().withMatchLabels(selector).endSelector()
          .withTemplate(rsTemplate)
        .endSpec()
        .build();
  }

  /** Status with all {@code replicas} pods existing, {@code ready} of them ready and available. */
  static ReplicaSetStatus status(int replicas, int ready, long observedGeneration) {
    return new ReplicaSetStatusBuilder()
        .withReplicas(replicas)
        .withFullyLabeledReplicas(nullIfZero(replicas))
        .withReadyReplicas(nullIfZero(ready))
        .withAvailableReplicas(nullIfZero(ready))
        .withObservedGeneration(observedGeneration)
        .build();
  }

  static int specReplicas(ReplicaSet rs) {
    return rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
  }

  static int readyReplicas(ReplicaSet rs) {
    return rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
  }

  // The API omits zero counts (omitempty), so the sandbox does too.
  static Integer nullIfZero(int value) {
    return value == 0 ? null : value;
  }
}
