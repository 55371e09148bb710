package io.drillbook.kube;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Deployments and ReplicaSets shaped exactly as a real API server returns them after a few rollouts. */
final class KubeFixtures {
  static final String NS = "payments-staging";
  static final String NAME = "ledger-api";
  static final String UID = "6f1d2c1e-3b0a-4a57-9a61-1f6f3f0d9e21";

  private KubeFixtures() {}

  static PodTemplateSpec template(String image, String hash) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app", NAME);
    if (hash != null) {
      labels.put("pod-template-hash", hash);
    }
    return new PodTemplateSpecBuilder()
        .withNewMetadata().withLabels(labels)
        .addToAnnotations("org.opencontainers.image.revision", "9f2c1e7b4a6d8e0f1a2b3c4d5e6f708192a3b4c5")
        .endMetadata()
        .withNewSpec()
        .withContainers(new ContainerBuilder().withName("ledger").withImage(image)
            .addNewPort().withContainerPort(8080).withProtocol("TCP").endPort().build())
        .withRestartPolicy("Always").withTerminationGracePeriodSeconds(30L).withDnsPolicy("ClusterFirst")
        .endSpec()
        .build();
  }

  /** A Deployment fully rolled out on {@code image} at {@code revision}. */
  static Deployment deployment(String image, long revision) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(NAME).withNamespace(NS).withUid(UID).withGeneration(4L)
        .addToAnnotations("deployment.kubernetes.io/revision", Long.toString(revision))
        .addToAnnotations("kubernetes.io/change-cause", "deploy " + image)
        .addToLabels("app", NAME)
        .endMetadata()
        .withNewSpec().withReplicas(3).withProgressDeadlineSeconds(600).withRevisionHistoryLimit(10)
        .withNewSelector().addToMatchLabels("app", NAME).endSelector()
        .withTemplate(template(image, null))
        .withNewStrategy().withType("RollingUpdate").endStrategy()
        .endSpec()
        .withNewStatus().withObservedGeneration(4L).withReplicas(3).withUpdatedReplicas(3).withReadyReplicas(3)
        .withAvailableReplicas(3)
        .withConditions(
            new DeploymentConditionBuilder().withType("Available").withStatus("True")
                .withReason("MinimumReplicasAvailable").withMessage("Deployment has minimum availability.").build(),
            new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
                .withReason("NewReplicaSetAvailable")
                .withMessage("ReplicaSet \"" + NAME + "-5d8f9c7b6\" has successfully progressed.").build())
        .endStatus()
        .build();
  }

  /** A ReplicaSet the Deployment controller made for {@code image} at {@code revision}. */
  static ReplicaSet replicaSet(String image, long revision, String hash, String ownerUid, int replicas) {
    return new ReplicaSetBuilder()
        .withNewMetadata().withName(NAME + "-" + hash).withNamespace(NS)
        .addToLabels("app", NAME).addToLabels("pod-template-hash", hash)
        .addToAnnotations("deployment.kubernetes.io/revision", Long.toString(revision))
        .addToAnnotations("deployment.kubernetes.io/desired-replicas", "3")
        .addToAnnotations("deployment.kubernetes.io/max-replicas", "4")
        .addToAnnotations("kubernetes.io/change-cause", "deploy " + image)
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName(NAME).withUid(ownerUid)
        .withController(true).withBlockOwnerDeletion(true).endOwnerReference()
        .endMetadata()
        .withNewSpec().withReplicas(replicas)
        .withNewSelector().addToMatchLabels("app", NAME).addToMatchLabels("pod-template-hash", hash).endSelector()
        .withTemplate(template(image, hash))
        .endSpec()
        .withNewStatus().withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
        .withFullyLabeledReplicas(replicas).withObservedGeneration(1L).endStatus()
        .build();
  }

  /**
   * A Deployment on ledger 2.3.0 (revision 3, rolled out) with its ReplicaSets for 2.2.0 (revision 2, scaled to 0)
   * and 2.3.0, as the Deployment controller leaves them; written through {@code direct}.
   */
  static void seedRolledOut(io.fabric8.kubernetes.client.KubernetesClient direct) {
    direct.apps().deployments().inNamespace(NS).resource(deployment("registry.example.com/ledger:2.3.0", 3)).create();
    String uid = direct.apps().deployments().inNamespace(NS).withName(NAME).get().getMetadata().getUid();
    direct.apps().replicaSets().inNamespace(NS)
        .resource(replicaSet("registry.example.com/ledger:2.2.0", 2, "7c4f5d8b9", uid, 0)).create();
    direct.apps().replicaSets().inNamespace(NS)
        .resource(replicaSet("registry.example.com/ledger:2.3.0", 3, "5d8f9c7b6", uid, 3)).create();
    markRolledOut(direct);
  }

  /** What the controller writes once it has rolled the current generation out: observedGeneration caught up. */
  static void markRolledOut(io.fabric8.kubernetes.client.KubernetesClient direct) {
    Deployment d = direct.apps().deployments().inNamespace(NS).withName(NAME).get();
    d.getStatus().setObservedGeneration(d.getMetadata().getGeneration());
    direct.apps().deployments().inNamespace(NS).resource(d).updateStatus();
  }
}
