package io.drillbook.sandbox;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;

/**
 * What a runbook finds beside a seeded Deployment: a HorizontalPodAutoscaler on CPU and an Ingress, both named after
 * the Deployment. There is no HPA controller in the sandbox (nor in the test control plane), so the HPA has no status:
 * kubectl shows its target as {@code <unknown>} and 0 replicas, as it does on a cluster whose HPA controller has not
 * run yet.
 */
final class SeedNeighbours {

  static final int TARGET_CPU_PERCENT = 70;

  private SeedNeighbours() {}

  static HorizontalPodAutoscaler autoscaler(SeedDeployment seed, int replicas) {
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata().withName(seed.name()).withNamespace(seed.namespace()).endMetadata()
        .withNewSpec()
          .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(seed.name())
          .endScaleTargetRef()
          .withMinReplicas(replicas)
          .withMaxReplicas(Math.max(replicas, 1) * 3 + 1)
          .addNewMetric()
            .withType("Resource")
            .withNewResource().withName("cpu")
              .withNewTarget().withType("Utilization").withAverageUtilization(TARGET_CPU_PERCENT).endTarget()
            .endResource()
          .endMetric()
        .endSpec()
        .build();
  }

  static Ingress ingress(SeedDeployment seed) {
    String host = seed.name() + "." + seed.namespace() + ".example.com";
    return new IngressBuilder()
        .withNewMetadata().withName(seed.name()).withNamespace(seed.namespace()).endMetadata()
        .withNewSpec()
          .withIngressClassName("nginx")
          .addNewTl().withHosts(host).withSecretName(seed.name() + "-tls").endTl()
          .addNewRule()
            .withHost(host)
            .withNewHttp()
              .addNewPath()
                .withPath("/")
                .withPathType("Prefix")
                .withNewBackend().withNewService().withName(seed.name()).withNewPort().withNumber(8080).endPort()
                .endService().endBackend()
              .endPath()
            .endHttp()
          .endRule()
        .endSpec()
        .build();
  }
}
