package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookShowCommandTest {
  private static final Path SEED = Path.of("..", "shared", "seeds", "maestro-slo-rollback-runbook.md");

  @Test
  void seedRunbookAsJsonHasFourThresholdsTheWorkloadHealthSustainAndThreeRollbackPaths() throws Exception {
    assertThat(SEED).as("CI lays shared/ beside the clone").exists();
    CliRun run = CliRun.of("runbook", "show", SEED.toString(), "--output", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("thresholds")).hasSize(4);
    assertThat(json.get("thresholds").findValuesAsText("alert")).containsExactly("MaestroHighErrorRate",
        "MaestroHighLatency", "MaestroMemoryUsageHigh", "MaestroCPUUsageHigh");
    assertThat(json.get("thresholds").get(0).get("value").asDouble()).isEqualTo(10.0);
    assertThat(json.get("thresholds").get(0).get("unit").asText()).isEqualTo("%");
    assertThat(json.get("thresholds").get(1).get("value").asDouble()).isEqualTo(30.0);
    assertThat(json.get("thresholds").get(1).get("unit").asText()).isEqualTo("s");
    assertThat(json.get("thresholds").get(0).get("query").asText()).contains("maestro_orchestration_errors_total");
    assertThat(json.get("workloads").get(0).get("name").asText()).isEqualTo("maestro-orchestrator");
    assertThat(json.get("workloads").get(0).get("namespace").asText()).isEqualTo("intelgraph-prod");
    assertThat(json.get("verification").get("expectStatus").asInt()).isEqualTo(200);
    assertThat(json.get("verification").get("sustainSeconds").asInt()).isEqualTo(600);
    assertThat(json.get("rollbackPaths").findValuesAsText("kind")).containsExactly("kubernetes", "helm",
        "github-actions");
  }

  @Test
  void textOutputNamesWhatItCouldNotUnderstandWithItsLine() {
    CliRun run = CliRun.of("runbook", "show", SEED.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("line 13", "error rate > 10%", "not understood (not guessed):", "line 15");
  }

  @Test
  void runbookWithoutAnAlertTableIsBadInputNamingTheFile(@TempDir Path dir) throws Exception {
    Path notes = Files.writeString(dir.resolve("notes.md"), "# Notes\n\nRestart it if it breaks.\n");
    CliRun run = CliRun.of("runbook", "show", notes.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("drillbook: " + notes).doesNotContain("\n\n");
  }

  @Test
  void missingRunbookIsBadInput(@TempDir Path dir) {
    CliRun run = CliRun.of("runbook", "show", dir.resolve("absent.md").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("absent.md");
  }
}
