package io.drillbook.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HelmManifestTest {
  @Test
  void findsTheReleasesDeploymentAndItsImageInHelmsRenderedManifest() throws Exception {
    HelmManifest manifest = HelmManifest.parse("drill", HelmHistoryTest.fixture("helm4-get-manifest.yaml"));

    assertThat(manifest.deployments()).singleElement().satisfies(d -> {
      assertThat(d.name()).isEqualTo("drill-drill-app");
      assertThat(d.namespace()).isNull();
      assertThat(d.image()).isEqualTo("registry.example/drill-app:1.2.0");
    });
    assertThat(manifest.deployment("drill-drill-app")).isPresent();
    assertThat(manifest.deployment("other")).isEmpty();
  }

  @Test
  void keepsEveryContainersImageInOrderAndSkipsOtherKinds() throws Exception {
    String yaml = """
        ---
        # Source: app/templates/service.yaml
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        ---
        # Source: app/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop-staging
        spec:
          template:
            spec:
              initContainers:
                - name: migrate
                  image: registry.example/migrate:7
              containers:
                - name: web
                  image: registry.example/web:2.1
                - name: proxy
                  image: registry.example/proxy:1.0
        """;

    HelmManifest manifest = HelmManifest.parse("shop", yaml);

    assertThat(manifest.deployments()).singleElement().satisfies(d -> {
      assertThat(d.namespace()).isEqualTo("shop-staging");
      assertThat(d.images()).containsExactly("registry.example/web:2.1", "registry.example/proxy:1.0",
          "registry.example/migrate:7");
    });
  }

  @Test
  void refusesAManifestThatIsNotYaml() {
    assertThatThrownBy(() -> HelmManifest.parse("drill", "kind: [Deployment"))
        .hasMessageStartingWith("helm get manifest drill: not YAML");
  }
}
