package io.drillbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RepositorySecretsTest {
  private static RepoFile workflow(String text) {
    return RepoFile.of(FakeRepo.WORKFLOW_PATH, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theBuiltInWorkflowReadsOnlySecretsTheRepositoryDefines() {
    String builtIn = CdRollbackWorkflow.forSeed(SeedDeployment.of("intelgraph-staging", "maestro-orchestrator",
        "orchestrator", java.util.List.of("registry.example.com/maestro:1.4.1", "registry.example.com/maestro:1.4.2")));
    assertThat(RepositorySecrets.missingIn(workflow(builtIn))).isEmpty();
  }

  @Test
  void aSecretTheRepositoryDoesNotDefineIsMissing() {
    assertThat(RepositorySecrets.missingIn(workflow("""
        env:
          A: ${{ secrets.STAGING_KUBECONFIG }}
          B: ${{ secrets.GITHUB_TOKEN }}
          C: ${{secrets.KUBECONFIG_B64}}
          D: ${{ secrets.REGISTRY_PASSWORD }}
        """))).containsExactly("REGISTRY_PASSWORD", "STAGING_KUBECONFIG");
  }
}
