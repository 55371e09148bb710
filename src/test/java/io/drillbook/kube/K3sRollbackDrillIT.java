package io.drillbook.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.TargetConfig;
import io.drillbook.config.Timeouts;
import io.drillbook.drill.Abort;
import io.drillbook.drill.DrillEngine;
import io.drillbook.drill.DrillIds;
import io.drillbook.drill.DrillListener;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.HttpHealthProbe;
import io.drillbook.drill.Verdict;
import io.drillbook.time.Timing;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real drill on a real k3s control plane with a real Deployment controller. Needs Docker; skipped where there is
 * none (as on the shared CI machines), runs wherever Docker exists.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sRollbackDrillIT {
  private static final String NS = "default";
  private static final String NAME = "echo";
  private static final String OLD = "registry.k8s.io/pause:3.9";
  private static final String NEW = "registry.k8s.io/pause:3.10";

  @Container
  static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

  @TempDir Path dir;

  @Test
  void drillRollsBackAndRestoresARealDeployment() throws Exception {
    Path kubeconfig = dir.resolve("k3s.kubeconfig");
    Files.writeString(kubeconfig, K3S.getKubeConfigYaml());
    try (KubernetesClient client = KubeClients.connect(kubeconfig, null)) {
      client.apps().deployments().inNamespace(NS).resource(deployment(OLD)).create();
      awaitRolledOut(client);
      client.apps().deployments().inNamespace(NS).withName(NAME).edit(d -> {
        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(NEW);
        return d;
      });
      awaitRolledOut(client);

      DrillConfig drill = new DrillConfig("k3s-echo", "staging", new TargetConfig(null, kubeconfig, NS, NAME),
          new DrillConfig.Rollback(RollbackMethod.KUBERNETES, OptionalLong.empty(), true, null),
        new DrillConfig.Judging(Duration.ofMinutes(3), null, new Timeouts(Duration.ofMinutes(3), Duration.ofMinutes(1)), null),
        new DrillConfig.Evidence(dir.resolve("drill.md"), "drill.md"), null, DrillConfig.Safety.NONE);
      Timing timing = Timing.system();
      try (KubernetesCluster cluster = new KubernetesCluster(KubeClients.connect(kubeconfig, null), timing.nanoTime(), "k3s")) {
        DrillRecord r = new DrillEngine(cluster, d -> new io.drillbook.drill.KubernetesPath(cluster), new HttpHealthProbe(timing), io.drillbook.drill.Verifier.NONE, timing,
            new DrillIds(new Random()))
            .run(drill, new Abort(), DrillListener.silent());
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASS);
        assertThat(r.fromImage()).isEqualTo(NEW);
        assertThat(r.toImage()).isEqualTo(OLD);
        assertThat(r.restored()).isTrue();
      }
      Deployment after = client.apps().deployments().inNamespace(NS).withName(NAME).get();
      assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(NEW);
      assertThat(after.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "4");
    }
  }

  private static void awaitRolledOut(KubernetesClient client) {
    await().atMost(Duration.ofMinutes(3)).until(() -> RolloutStatus.of(
        client.apps().deployments().inNamespace(NS).withName(NAME).get()).done());
  }

  private static Deployment deployment(String image) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(NAME).withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(2)
        .withNewSelector().addToMatchLabels("app", NAME).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", NAME).endMetadata()
        .withNewSpec().addNewContainer().withName(NAME).withImage(image).endContainer().endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
