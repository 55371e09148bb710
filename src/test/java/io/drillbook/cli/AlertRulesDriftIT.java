package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.prometheus.PrometheusClient;
import io.drillbook.prometheus.PrometheusProcess;
import io.drillbook.prometheus.TestExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drillbook runbook check} holds the alerting rules a real Prometheus has loaded to the runbook's table. */
class AlertRulesDriftIT {
  private static final Path RUNBOOK = Path.of("src/test/resources/runbooks/orchestrator-staging.md");
  private static final Map<String, String> STAGING = Map.of("namespace", "intelgraph-staging");

  @TempDir Path dir;
  private TestExporter exporter;
  private PrometheusProcess prometheus;

  private List<JsonNode> prometheusFindings(String rules, int expectedExit) throws Exception {
    exporter = TestExporter.start();
    exporter.counter("orchestrator_requests_total", STAGING, 50);
    exporter.counter("orchestrator_errors_total", STAGING, 0.5);
    exporter.histogram("orchestrator_request_duration_seconds", STAGING, new double[] {0.1, 0.5, 1, 2.5, 5}, 50,
        0.3);
    prometheus = PrometheusProcess.startWithRules(exporter.port(), rules);
    PrometheusClient client = new PrometheusClient(prometheus.url(), null, Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> client.seriesExist("orchestrator_request_duration_seconds_bucket")
            && !client.alertingRules().isEmpty());
    Path config = Files.writeString(dir.resolve("drillbook.yaml"), """
        prometheus: { url: "%s" }
        drills:
          - name: orchestrator
            environment: staging
            target: { namespace: intelgraph-staging, deployment: maestro-orchestrator }
        """.formatted(prometheus.url()));
    CliRun run = CliRun.of("runbook", "check", RUNBOOK.toString(), "--config", config.toString(), "--output", "json");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(expectedExit);
    List<JsonNode> found = new ArrayList<>();
    run.json().get("findings").forEach(f -> {
      if (f.get("source").asText().equals("prometheus")) {
        found.add(f);
      }
    });
    return found;
  }

  @AfterEach
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (exporter != null) {
      exporter.close();
    }
  }

  @Test
  void rulesStatingTheRunbooksThresholdsOverItsMetricsAreCleanThoughTheirExpressionsDiffer() throws Exception {
    List<JsonNode> findings = prometheusFindings("""
        groups:
          - name: orchestrator
            rules:
              - record: namespace:orchestrator_errors:ratio30s
                expr: >
                  sum by (namespace) (rate(orchestrator_errors_total[30s]))
                  / sum by (namespace) (rate(orchestrator_requests_total[30s]))
              - alert: OrchestratorErrors
                expr: namespace:orchestrator_errors:ratio30s > 0.05
                for: 2m
              - alert: OrchestratorSlow
                expr: >
                  2 < histogram_quantile(0.95,
                    sum by (le, namespace) (rate(orchestrator_request_duration_seconds_bucket[1m])))
        """, 0);
    assertThat(findings).isEmpty();
  }

  @Test
  void aRuleWithAnotherThresholdAndAMissingRuleAreDriftOnTheRunbooksLines() throws Exception {
    List<JsonNode> findings = prometheusFindings("""
        groups:
          - name: orchestrator
            rules:
              - alert: OrchestratorErrors
                expr: >
                  sum(rate(orchestrator_errors_total[5m])) / sum(rate(orchestrator_requests_total[5m])) >= 0.1
        """, 1);
    List<String> lines = Files.readAllLines(RUNBOOK);
    assertThat(findings).hasSize(2);
    JsonNode threshold = findings.get(0);
    assertThat(threshold.get("severity").asText()).isEqualTo("DRIFT");
    assertThat(lines.get(threshold.get("line").asInt() - 1)).contains("OrchestratorErrors");
    assertThat(threshold.get("message").asText()).startsWith("alert OrchestratorErrors: the runbook says ")
        .contains("> 0.05 in Prometheus's units").contains("but its rule in Prometheus state >= 0.1");
    JsonNode missing = findings.get(1);
    assertThat(lines.get(missing.get("line").asInt() - 1)).contains("OrchestratorSlow");
    assertThat(missing.get("message").asText())
        .isEqualTo("alert OrchestratorSlow has no alerting rule in Prometheus (1 alerting rules loaded)");
  }

  @Test
  void aRuleOverOtherMetricsIsDrift() throws Exception {
    List<JsonNode> findings = prometheusFindings("""
        groups:
          - name: orchestrator
            rules:
              - alert: OrchestratorErrors
                expr: sum(rate(orchestrator_errors_total[5m])) / sum(rate(http_requests_total[5m])) > 0.05
              - alert: OrchestratorSlow
                expr: histogram_quantile(0.95, sum by (le) (rate(orchestrator_request_duration_seconds_bucket[5m]))) > 2
        """, 1);
    assertThat(findings).singleElement().satisfies(f -> assertThat(f.get("message").asText()).isEqualTo(
        "alert OrchestratorErrors: the runbook's query reads orchestrator_errors_total, orchestrator_requests_total, "
            + "but the rule in Prometheus reads orchestrator_errors_total, http_requests_total "
            + "(no orchestrator_requests_total)"));
  }
}
