package io.drillbook.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates seed Deployments, with their ReplicaSets and Pods, looking as they would on a real cluster after one
 * rollout per image.
 */
final class Seeder {

  private final ApiWriter api;
  private final int replicas;
  private final Duration progressDeadline;
  private final Clock clock;
  private final PodKeeper pods;

  Seeder(ApiWriter api, int replicas, Duration progressDeadline, Clock clock, PodKeeper pods) {
    this.api = api;
    this.replicas = replicas;
    this.progressDeadline = progressDeadline;
    this.clock = clock;
    this.pods = pods;
  }

  void seed(SeedDeployment seed) {
    api.ensureNamespace(seed.namespace());
    RollingUpdate bounds = RollingUpdate.forReplicas(replicas);
    int revision = seed.images().size();
    Deployment deployment = api.create(deployment(seed, template(seed, seed.currentImage()), revision));

    List<ReplicaSet> created = new ArrayList<>();
    for (int i = 0; i < seed.images().size(); i++) {
      boolean current = i == seed.images().size() - 1;
      int rsReplicas = current ? replicas : 0;
      ReplicaSet rs = api.create(ReplicaSets.forTemplate(deployment, template(seed, seed.images().get(i)), i + 1L,
          rsReplicas, bounds.maxSurge()));
      if (i == 0) {
        SeedHistory.recordFirst(pods.events(), deployment, rs.getMetadata().getName(), replicas);
      } else {
        SeedHistory.recordRollout(pods.events(), deployment, created.get(i - 1).getMetadata().getName(),
            rs.getMetadata().getName(), replicas, bounds);
      }
      ReplicaSet written = api.writeStatus(rs,
          ReplicaSets.status(rsReplicas, rsReplicas, rs.getMetadata().getGeneration()));
      pods.reconcile(written);
      created.add(written);
    }

    ReplicaSet newest = created.get(created.size() - 1);
    DeploymentStatus status = DeploymentStatuses.counts(null, deployment.getMetadata().getGeneration(), newest,
        created);
    DeploymentStatuses.setAvailability(status, replicas, bounds.maxUnavailable(), clock.instant());
    DeploymentStatuses.setCondition(status, DeploymentStatuses.PROGRESSING, true,
        DeploymentStatuses.NEW_RS_AVAILABLE, DeploymentStatuses.completeMessage(newest.getMetadata().getName()),
        clock.instant());
    api.writeStatus(deployment, status);
    api.createObject(SeedNeighbours.autoscaler(seed, replicas));
    api.createObject(SeedNeighbours.ingress(seed));
  }

  private Deployment deployment(SeedDeployment seed, PodTemplateSpec template, int revision) {
    Map<String, String> labels = labels(seed);
    return new DeploymentBuilder()
        .withNewMetadata()
          .withName(seed.name())
          .withNamespace(seed.namespace())
          .withLabels(labels)
          .withAnnotations(Map.of(Revisions.REVISION, Integer.toString(revision)))
        .endMetadata()
        .withNewSpec()
          .withReplicas(replicas)
          .withNewSelector().withMatchLabels(Map.of("app", seed.name())).endSelector()
          .withTemplate(template)
          // The spec field is whole seconds; the simulator enforces the exact sandbox-scaled duration.
          .withProgressDeadlineSeconds((int) Math.max(1, (progressDeadline.toMillis() + 999) / 1000))
          .withRevisionHistoryLimit(10)
          .withNewStrategy()
            .withType("RollingUpdate")
            .withNewRollingUpdate()
              .withMaxSurge(new IntOrString(RollingUpdate.DEFAULT_PERCENT))
              .withMaxUnavailable(new IntOrString(RollingUpdate.DEFAULT_PERCENT))
            .endRollingUpdate()
          .endStrategy()
        .endSpec()
        .build();
  }

  private static PodTemplateSpec template(SeedDeployment seed, String image) {
    Map<String, String> annotations = seed.templateAnnotations().getOrDefault(image, Map.of());
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
          .withLabels(labels(seed))
          .withAnnotations(annotations.isEmpty() ? null : new LinkedHashMap<>(annotations))
        .endMetadata()
        .withNewSpec()
          .addNewContainer()
            .withName(seed.containerName())
            .withImage(image)
            .withImagePullPolicy("IfNotPresent")
          .endContainer()
          .withRestartPolicy("Always")
          .withTerminationGracePeriodSeconds(30L)
        .endSpec()
        .build();
  }

  private static Map<String, String> labels(SeedDeployment seed) {
    Map<String, String> labels = new LinkedHashMap<>(seed.labels());
    labels.put("app", seed.name());
    return labels;
  }
}
