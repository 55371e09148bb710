package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.drill.DrillRecord;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.prometheus.PrometheusClient;
import io.drillbook.prometheus.PrometheusProcess;
import io.drillbook.prometheus.TestExporter;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxGitHub;
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
 * The alerts a real Prometheus raised for the target during a drill, from its own alerting rules, in the drill's
 * entry and in the follow-up filed for a failed drill; another namespace's alert stays out.
 */
class FailingAlertsIT {
  private static final String REPO = "sandbox/maestro-orchestrator";
  private static final Map<String, String> STAGING = Map.of("namespace", "intelgraph-staging");
  private static final Map<String, String> PROD = Map.of("namespace", "intelgraph-prod");
  private static final String RULES = """
      groups:
        - name: orchestrator
          rules:
            - alert: OrchestratorErrors
              expr: >
                sum by (namespace) (rate(orchestrator_errors_total[5s]))
                / sum by (namespace) (rate(orchestrator_requests_total[5s])) > 0.05
              labels: { severity: page }
              annotations: { summary: "error ratio above 5 %" }
            - alert: OrchestratorDown
              expr: absent(orchestrator_requests_total)
      """;

  @TempDir Path dir;
  private TestExporter exporter;
  private PrometheusProcess prometheus;
  private Sandbox sandbox;

  private void start(Scenario scenario, double stagingErrorsPerSecond) throws Exception {
    exporter = TestExporter.start();
    exporter.counter("orchestrator_requests_total", STAGING, 50);
    exporter.counter("orchestrator_errors_total", STAGING, stagingErrorsPerSecond);
    exporter.counter("orchestrator_requests_total", PROD, 10);
    exporter.counter("orchestrator_errors_total", PROD, 9);
    prometheus = PrometheusProcess.startWithRules(exporter.port(), RULES);
    PrometheusClient client = new PrometheusClient(prometheus.url(), null, Duration.ofSeconds(5));
    // The other namespace's alert fires in every test: the drill must leave it out.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> !client.instantQuery("ALERTS{alertname=\"OrchestratorErrors\",alertstate=\"firing\","
            + "namespace=\"intelgraph-prod\"}", Instant.now()).isEmpty());
    if (stagingErrorsPerSecond > 0) {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
          .until(() -> !client.instantQuery("ALERTS{alertstate=\"firing\",namespace=\"intelgraph-staging\"}",
              Instant.now()).isEmpty());
    }
    sandbox = Sandbox.start(SandboxOptions.maestroDemo(scenario).withRolloutDelay(Duration.ofMillis(100)));
  }

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

  private Path config() throws Exception {
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("sandbox.kubeconfig"));
    Path token = Files.writeString(dir.resolve("github-token"), sandbox.githubToken());
    return Files.writeString(dir.resolve("drillbook.yaml"), """
        prometheus: { url: "%s" }
        github: { apiUrl: "%s", tokenFile: "%s" }
        followUp: { repository: %s, labels: [drill-failure] }
        drills:
          - name: orchestrator-alerts
            environment: staging
            target: { namespace: intelgraph-staging, deployment: maestro-orchestrator, kubeconfig: "%s" }
            health: { url: "%s" }
            timeouts: { rollout: 20s, health: 5s }
            evidenceLog: drills/alerts.md
        """.formatted(prometheus.url(), sandbox.githubApiUrl(), token, REPO, kubeconfig,
        sandbox.healthUrl("intelgraph-staging", "maestro-orchestrator")));
  }

  @Test
  void aFailedDrillsEntryAndFollowUpNameTheAlertThatFiredForTheTargetAndNoOtherNamespaces() throws Exception {
    start(Scenario.FAIL, 10);
    CliRun run = CliRun.of("drill", "orchestrator-alerts", "--config", config().toString(), "--output", "json");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    JsonNode json = run.json();
    assertThat(json.get("failingAlerts").asText()).startsWith("OrchestratorErrors (firing since ")
        .contains("namespace=intelgraph-staging").doesNotContain("intelgraph-prod").doesNotContain("severity");
    assertThat(json.get("alertsBeforeRollback").asText()).startsWith("OrchestratorErrors (firing since ");
    assertThat(json.get("alertsAfterRestore").asText()).startsWith("OrchestratorErrors (firing since ");
    assertThat(json.get("alertsChecked").asText())
        .contains("ALERTS{alertstate=\"firing\", namespace=\"intelgraph-staging\"} in Prometheus " + prometheus.url())
        .contains("alerting rules loaded: 2 (OrchestratorErrors, OrchestratorDown)");

    DrillRecord entry = EvidenceLogReader.readAll(dir.resolve("drills/alerts.md")).get(0).record();
    assertThat(entry.facts().get("failingAlerts")).isEqualTo(json.get("failingAlerts").asText());

    SandboxGitHub github = sandbox.gitHub();
    assertThat(github.issues(REPO)).singleElement().satisfies(issue -> {
      assertThat(issue.title()).startsWith("Rollback drill failed: orchestrator-alerts");
      assertThat(issue.body()).contains("| Failing alerts | OrchestratorErrors (firing since ")
          .contains("| Alerts active after the restore | OrchestratorErrors");
    });
  }

  @Test
  void aPassingDrillsEntrySaysWhichAlertsWereCheckedAndThatNoneFired() throws Exception {
    start(Scenario.PASS, 0);
    CliRun run = CliRun.of("drill", "orchestrator-alerts", "--config", config().toString(), "--output", "json");

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("failingAlerts").asText()).isEqualTo("none firing");
    assertThat(json.get("alertsBeforeRollback").asText()).isEqualTo("none");
    assertThat(json.get("alertsAtVerdict").asText()).isEqualTo("none");
    assertThat(json.get("alertsChecked").asText()).contains("alerting rules loaded: 2");
    assertThat(sandbox.gitHub().issues(REPO)).isEmpty();
  }
}
