package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.evidence.ChainVerifier;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A drill whose evidence log cannot be written still restores, says where the entry went, and exits 3. */
class EvidenceFallbackCliTest {
  @TempDir Path dir;

  @Test
  void unwritableLogStillRestoresPrintsTheEntryWritesItToTheTempDirAndExitsThree() throws Exception {
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS)
        .withRolloutDelay(Duration.ofMillis(100)))) {
      Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("sandbox.kubeconfig"));
      // The log's folder is a file: neither the log nor a fallback next to it can be created.
      Files.writeString(dir.resolve("drills"), "not a folder");
      Path cfg = Files.writeString(dir.resolve("drillbook.yaml"), """
          drills:
            - name: maestro-rollback
              environment: staging
              target: { namespace: intelgraph-staging, deployment: maestro-orchestrator, kubeconfig: %s }
              health: { url: "%s" }
              evidenceLog: drills/maestro.md
          """.formatted(kubeconfig, sandbox.healthUrl("intelgraph-staging", "maestro-orchestrator")));

      CliRun run = CliRun.of("drill", "maestro-rollback", "--config", cfg.toString(), "--output", "json");

      assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
      JsonNode json = run.json();
      assertThat(json.get("verdict").asText()).isEqualTo("PASS");
      assertThat(json.get("restored").asBoolean()).isTrue();
      assertThat(json.get("evidenceLog").isNull()).isTrue();
      String drillId = json.get("drillId").asText();
      Path fallback = Path.of(System.getProperty("java.io.tmpdir"), "maestro.md.fallback-" + drillId + ".md");
      try {
        assertThat(json.get("evidenceFallback").asText()).isEqualTo(fallback.toString());
        assertThat(json.get("evidenceError").asText()).contains("could not append evidence to")
            .contains("drills/maestro.md").contains("written to " + fallback);
        assertThat(ChainVerifier.verify(fallback).intact()).isTrue();
        assertThat(run.err()).contains("the entry that was not appended:")
            .contains("| Drill id | " + drillId + " |").contains("<!-- drillbook:chain v1 prev=");
        assertThat(sandbox.client().apps().deployments().inNamespace("intelgraph-staging")
            .withName("maestro-orchestrator").get().getSpec().getTemplate().getSpec().getContainers().get(0)
            .getImage()).isEqualTo("registry.example.com/maestro/orchestrator:1.4.2");
      } finally {
        Files.deleteIfExists(fallback);
      }
    }
  }
}
