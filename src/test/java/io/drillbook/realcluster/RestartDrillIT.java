package io.drillbook.realcluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.cli.CliRun;
import io.drillbook.cli.JarProcess;
import io.drillbook.realcluster.Workloads.Release;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code method: restart} as a real process on the real control plane, as the drillbook ServiceAccount under the
 * shipped Role: the real Deployment controller replaces every pod for the restartedAt annotation, on the same
 * release, and the drill is timed to rolled out and healthy.
 */
@ExtendWith(RealControlPlaneExtension.class)
class RestartDrillIT {
  private static final String NS = RealControlPlane.ROLE_NAMESPACE;
  private static final String V1 = "registry.example.com/checkout/cart:3.1.0";

  @TempDir Path dir;

  @Test
  void restart_replacesThePodsOnTheSameRelease_andIsTimedToRolledOutAndHealthy(RealControlPlane plane)
      throws Exception {
    String name = "restart-cart";
    new Workloads(Kubectl.admin(plane)).deploy(Release.of(NS, name, V1));
    Instant before = Instant.now().minusSeconds(1);

    CliRun run = drill(plane, name);

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    JsonNode result = run.json();
    assertThat(result.get("verdict").asText()).isEqualTo("PASS");
    assertThat(result.get("method").asText()).isEqualTo("restart");
    assertThat(result.get("fromImage").asText()).isEqualTo(V1);
    assertThat(result.get("toImage").asText()).isEqualTo(V1);
    assertThat(result.get("fromRevision").asLong()).isEqualTo(1);
    assertThat(result.get("restored").asBoolean()).isTrue();
    assertThat(result.get("restoreDetail").asText()).isEqualTo("already back on " + V1);
    Deployment after;
    try (KubernetesClient admin = plane.admin()) {
      after = admin.apps().deployments().inNamespace(NS).withName(name).get();
    }
    assertThat(after.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
    String restartedAt = after.getSpec().getTemplate().getMetadata().getAnnotations()
        .get("kubectl.kubernetes.io/restartedAt");
    assertThat(Instant.parse(restartedAt)).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(V1);
  }

  private CliRun drill(RealControlPlane plane, String name) throws Exception {
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(config, """
        drills:
          - name: %s
            environment: staging
            target:
              kubeconfig: %s
              namespace: %s
              deployment: %s
            method: restart
            objective: 1m
            health:
              url: %s
            timeouts: { rollout: 1m, health: 30s }
            evidenceLog: %s.md
        """.formatted(name, plane.drillbookKubeconfig(), NS, name, plane.healthUrl(NS, name), name));
    return JarProcess.run(dir, "drill", name, "--config", config.toString(), "--output", "json");
  }
}
