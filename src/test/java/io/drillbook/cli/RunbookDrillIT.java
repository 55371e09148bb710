package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.prometheus.PrometheusProcess;
import io.drillbook.prometheus.TestExporter;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A drill judged against its runbook's thresholds in a real Prometheus, through the real CLI and the sandbox. */
class RunbookDrillIT {
  private static final Path RUNBOOK = Path.of("src/test/resources/runbooks/orchestrator-staging.md");
  private static final Map<String, String> STAGING = Map.of("namespace", "intelgraph-staging");

  @TempDir Path dir;
  private TestExporter exporter;
  private PrometheusProcess prometheus;
  private Sandbox sandbox;

  @BeforeEach
  void start() throws Exception {
    exporter = TestExporter.start();
    exporter.counter("orchestrator_requests_total", STAGING, 50);
    exporter.counter("orchestrator_errors_total", STAGING, 0.5);
    exporter.histogram("orchestrator_request_duration_seconds", STAGING, new double[] {0.1, 0.5, 1, 2.5, 5}, 50,
        0.3);
    // Another namespace's errors must not count against this target.
    exporter.counter("orchestrator_requests_total", Map.of("namespace", "intelgraph-prod"), 10);
    exporter.counter("orchestrator_errors_total", Map.of("namespace", "intelgraph-prod"), 9);
    prometheus = PrometheusProcess.start(exporter.port());
    // A real service has had metrics for long before a drill; here the first scrapes and two rate() samples must come.
    var client = new io.drillbook.prometheus.PrometheusClient(prometheus.url(), null, Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> !client.instantQuery(
        "sum(rate(orchestrator_requests_total[30s])) > 0", java.time.Instant.now()).isEmpty());
    sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS).withRolloutDelay(Duration.ofMillis(100)));
  }

  @AfterEach
  void stop() throws Exception {
    sandbox.close();
    prometheus.close();
    exporter.close();
  }

  private Path config(String sustain) throws Exception {
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("sandbox.kubeconfig"));
    return Files.writeString(dir.resolve("drillbook.yaml"), """
        prometheus: { url: "%s" }
        drills:
          - name: orchestrator-verified
            environment: staging
            target: { namespace: intelgraph-staging, deployment: maestro-orchestrator, kubeconfig: "%s" }
            runbook: "%s"
            sustain: %s
            verify: { interval: 1s, timeout: 90s }
            health: { url: "%s" }
            evidenceLog: drills/verified.md
        """.formatted(prometheus.url(), kubeconfig, RUNBOOK.toAbsolutePath(), sustain,
        sandbox.healthUrl("intelgraph-staging", "maestro-orchestrator")));
  }

  @Test
  void passesWhenEveryThresholdHoldsForTheWindowAndRecordsWhatItSaw() throws Exception {
    CliRun run = CliRun.of("drill", "orchestrator-verified", "--config", config("4s").toString(), "--output", "json");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("runbookSha256").asText()).hasSize(64);
    assertThat(json.get("sustainWindow").asText()).startsWith("4 s (config overrides the runbook's 600 s)");
    assertThat(json.get("verifyWindow").asText()).contains(" to ");

    DrillRecord entry = EvidenceLogReader.readAll(dir.resolve("drills/verified.md")).get(0).record();
    assertThat(entry.verdict()).isEqualTo(Verdict.PASS);
    assertThat(entry.facts()).containsKeys("runbook", "runbookSha256", "sustainWindow", "verifyWindow",
        "runbookOverrides");
    assertThat(entry.checks()).extracting(CheckResult::name)
        .contains("threshold OrchestratorErrors", "threshold OrchestratorSlow", "logs");
    CheckResult errors = entry.checks().stream().filter(c -> c.name().equals("threshold OrchestratorErrors"))
        .findFirst().orElseThrow();
    // 0.5 errors per 50 requests is 1 %; the other namespace's 90 % must not leak in.
    assertThat(errors.ok()).isTrue();
    assertThat(errors.detail()).contains("namespace=\"intelgraph-staging\"").contains("> 0.05").contains("last 0.01");
    assertThat(entry.recoverySeconds()).isGreaterThan(0);
  }

  @Test
  void prometheusStoppingMidWindowIsInconclusiveAndStagingIsRestored() throws Exception {
    Path config = config("60s");
    CompletableFuture<CliRun> drill = CompletableFuture.supplyAsync(
        () -> CliRun.of("drill", "orchestrator-verified", "--config", config.toString(), "--output", "json"));
    await().atMost(Duration.ofSeconds(60)).until(() -> !sandbox.rolloutCompletions().isEmpty());
    // Let verification evaluate a few times before the server goes away mid-window.
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
    prometheus.kill();
    CliRun run = drill.get();
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
    JsonNode json = run.json();
    assertThat(json.get("verdict").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(json.get("reason").asText()).contains("verification could not be judged");
    assertThat(json.get("restored").asBoolean()).isTrue();
    assertThat(sandbox.client().apps().deployments().inNamespace("intelgraph-staging").withName("maestro-orchestrator")
        .get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/maestro/orchestrator:1.4.2");
  }

  @Test
  void thresholdStatedAsPercentOfABareRateIsRefusedBeforeAnythingRuns() throws Exception {
    Path runbook = Files.writeString(dir.resolve("bare.md"), Files.readString(RUNBOOK).replace(
        "sum(rate(orchestrator_errors_total[30s])) / sum(rate(orchestrator_requests_total[30s]))",
        "rate(orchestrator_errors_total[30s])"));
    Path config = Files.writeString(dir.resolve("bare.yaml"), Files.readString(config("4s"))
        .replace(RUNBOOK.toAbsolutePath().toString(), runbook.toString()));
    CliRun run = CliRun.of("drill", "orchestrator-verified", "--config", config.toString(), "--output", "json");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.json().get("reason").asText()).contains("threshold OrchestratorErrors")
        .contains("is not a ratio").contains("thresholds.OrchestratorErrors.denominator");
    assertThat(sandbox.rolloutCompletions()).as("nothing was rolled back").isEmpty();
  }
}
