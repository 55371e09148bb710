package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.prometheus.PrometheusClient;
import io.drillbook.prometheus.PrometheusProcess;
import io.drillbook.prometheus.TestExporter;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stopWhen's query through the real CLI against the sandbox and a real Prometheus (Debian's package) scraping a test
 * exporter: a query above its limit aborts the drill and staging is restored. The other stop conditions need no
 * server and are in {@link StopConditionsCliTest}.
 */
class StopQueryCliIT {
  private static final String NS = "intelgraph-staging";
  private static final String DEPLOYMENT = "maestro-orchestrator";
  private static final String ORIGINAL = "registry.example.com/maestro/orchestrator:1.4.2";

  @TempDir Path dir;
  private Sandbox sandbox;
  private TestExporter exporter;
  private PrometheusProcess prometheus;

  @AfterEach
  void stop() throws Exception {
    if (sandbox != null) {
      sandbox.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (exporter != null) {
      exporter.close();
    }
  }

  @Test
  void stopQueryAboveItsLimitAbortsAndRestores() throws Exception {
    exporter = TestExporter.start();
    exporter.gauge("orchestrator_errors_per_second", Map.of("namespace", NS), 80);
    prometheus = PrometheusProcess.start(exporter.port());
    PrometheusClient client = new PrometheusClient(prometheus.url(), null, Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> !client.instantQuery("orchestrator_errors_per_second", Instant.now()).isEmpty());
    sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS).withRolloutDelay(Duration.ofSeconds(1)));
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("sandbox.kubeconfig"));
    Path config = Files.writeString(dir.resolve("drillbook.yaml"), """
        prometheus: { url: "%s" }
        drills:
          - name: orchestrator-rollback
            environment: staging
            target: { namespace: %s, deployment: %s, kubeconfig: "%s" }
            timeouts: { rollout: 2m, health: 30s }
            evidenceLog: drills/orchestrator.md
            health: { url: "%s" }
            stopWhen:
              query: { promql: 'max(orchestrator_errors_per_second{namespace="intelgraph-staging"})', above: 50 }
              interval: 200ms
        """.formatted(prometheus.url(), NS, DEPLOYMENT, kubeconfig, sandbox.healthUrl(NS, DEPLOYMENT)));

    CliRun run = CliRun.of("drill", "orchestrator-rollback", "--config", config.toString(), "--output", "json");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
    JsonNode json = run.json();
    assertThat(json.get("verdict").asText()).isEqualTo("ABORTED");
    assertThat(json.get("reason").asText()).contains("stop condition query: "
        + "max(orchestrator_errors_per_second{namespace=\"intelgraph-staging\"}) returned 80, above 50");
    assertThat(json.get("restored").asBoolean()).as(run.out()).isTrue();
    assertThat(sandbox.client().apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get().getSpec()
        .getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(ORIGINAL);
    assertThat(EvidenceLogReader.readAll(dir.resolve("drills/orchestrator.md")).get(0).record().facts()
        .get("stopCondition")).startsWith("query: ");
  }
}
