package io.drillbook.realcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.cli.CliRun;
import io.drillbook.cli.JarProcess;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code drillbook demo --method helm} on the real control plane with real Helm: a drill, then nothing left. */
@ExtendWith(RealControlPlaneExtension.class)
class HelmDemoIT {
  @TempDir Path dir;

  @Test
  void helmDemo_drillsAScratchReleaseAndRemovesItsNamespace(RealControlPlane plane) throws Exception {
    Path log = dir.resolve("helm-demo.md");

    CliRun run = JarProcess.run(dir, "demo", "--method", "helm", "--kubeconfig", plane.adminKubeconfig().toString(),
        "--helm", Helm.of(plane, "helm").binary().toString(), "--log", log.toString(), "--output", "json");

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    assertThat(run.json().get("verdict").asText()).isEqualTo("PASS");
    assertThat(run.json().get("method").asText()).isEqualTo("helm");
    assertThat(run.json().get("fromImage").asText()).isEqualTo("registry.k8s.io/pause:3.10");
    assertThat(run.json().get("toImage").asText()).isEqualTo("registry.k8s.io/pause:3.9");
    assertThat(run.err()).contains("demo: removed namespace drillbook-demo-");
    String namespace = run.json().get("namespace").asText();
    assertThat(namespace).startsWith("drillbook-demo-");
    try (KubernetesClient admin = plane.admin()) {
      Namespace left = admin.namespaces().withName(namespace).get();
      assertThat(left == null || left.getMetadata().getDeletionTimestamp() != null).as("namespace removed").isTrue();
    }
    assertThat(JarProcess.run(dir, "audit", "verify", log.toString()).exitCode()).isZero();
  }
}
