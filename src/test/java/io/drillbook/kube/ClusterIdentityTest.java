package io.drillbook.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.drill.ClusterIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the production guard learns about a cluster from the kubeconfig alone (nothing is asked of the server). */
class ClusterIdentityTest {
  @TempDir Path dir;

  private static final String KUBECONFIG = """
      apiVersion: v1
      kind: Config
      clusters:
      - name: shop-production
        cluster: { server: "https://api.eu-1.example.com:6443" }
      - name: shop-staging
        cluster: { server: "https://api.staging.example.com:6443" }
      contexts:
      - name: admin@eu-1
        context: { cluster: shop-production, user: admin }
      - name: staging
        context: { cluster: shop-staging, user: admin }
      current-context: staging
      users:
      - name: admin
        user: { token: "never-printed" }
      """;

  private ClusterIdentity identity(String context) throws Exception {
    Path file = Files.writeString(dir.resolve("kubeconfig"), KUBECONFIG);
    try (KubernetesCluster cluster = new KubernetesCluster(KubeClients.connect(file, context), System::nanoTime, "")) {
      return cluster.identity();
    }
  }

  @Test
  void namesTheContextInUseItsClusterEntryAndTheServerHost() throws Exception {
    assertThat(identity("admin@eu-1"))
        .isEqualTo(new ClusterIdentity("admin@eu-1", "shop-production", "api.eu-1.example.com"));
  }

  @Test
  void withoutAContextItIsTheKubeconfigsCurrentOne() throws Exception {
    assertThat(identity(null)).isEqualTo(new ClusterIdentity("staging", "shop-staging", "api.staging.example.com"));
  }
}
