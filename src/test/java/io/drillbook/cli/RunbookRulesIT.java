package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.drillbook.prometheus.AlertingRule;
import io.drillbook.prometheus.PrometheusClient;
import io.drillbook.prometheus.PrometheusProcess;
import io.drillbook.prometheus.TestExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drillbook runbook rules}: a runbook shaped like the seed (a bare rate under a % threshold, an alert without
 * a number, resource alerts without PromQL) is refused alert by alert; with the config's overrides its output passes
 * {@code promtool check rules} and a real Prometheus loads it, as a rule file and as a PrometheusRule's groups.
 */
class RunbookRulesIT {
  private static final Path RUNBOOK = Path.of("src/test/resources/runbooks/ledger-payments.md").toAbsolutePath();

  @TempDir Path dir;

  private Path config() throws Exception {
    return Files.writeString(dir.resolve("drillbook.yaml"), """
        prometheus: { url: "http://127.0.0.1:9" }
        drills:
          - name: ledger-rollback
            environment: staging
            target: { namespace: payments-staging, deployment: ledger-api }
            runbook: "%s"
            health: { url: "http://ledger-api.payments-staging.svc:8080/health" }
            thresholds:
              LedgerHighErrorRate: { denominator: "rate(ledger_post_requests_total[5m])", for: 5m }
              LedgerSlowPosting: { for: 10m }
              LedgerMemoryHigh:
                query: max by (pod) (container_memory_working_set_bytes{container="ledger"} / container_spec_memory_limit_bytes{container="ledger"})
              LedgerCPUHigh: { skip: "no CPU quota in staging" }
              LedgerPodMissing: { skip: "up == 0 is covered by the platform's TargetDown" }
        """.formatted(RUNBOOK));
  }

  @Test
  void theSeedShapedRunbookAloneIsRefusedNamingEveryAlertItCannotWriteAndWritesNothing() throws Exception {
    Path out = dir.resolve("rules.yml");
    CliRun run = CliRun.of("runbook", "rules", RUNBOOK.toString(), "--out", out.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines().filter(l -> l.startsWith(RUNBOOK.toString()))).hasSize(4);
    assertThat(run.err()).contains(RUNBOOK + ":11: threshold LedgerHighErrorRate")
        .contains("is not a ratio; give thresholds.LedgerHighErrorRate.denominator")
        .contains(RUNBOOK + ":13: alert 'LedgerPodMissing': no numeric threshold")
        .contains(RUNBOOK + ":14: threshold LedgerMemoryHigh").contains("has no query in the runbook")
        .contains("4 alerts could not be written; nothing was written");
    assertThat(out).doesNotExist();
  }

  @Test
  void withTheConfigsOverridesTheRuleFilePassesPromtoolAndPrometheusLoadsIt() throws Exception {
    Path out = dir.resolve("ledger.rules.yml");
    CliRun run = CliRun.of("runbook", "rules", RUNBOOK.toString(), "--config", config().toString(), "--out",
        out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("alert LedgerCPUHigh skipped (config: no CPU quota in staging)")
        .contains("wrote 3 rules to " + out);
    promtool(out);

    List<AlertingRule> loaded = load(Files.readString(out));
    assertThat(loaded).extracting(AlertingRule::name)
        .containsExactly("LedgerHighErrorRate", "LedgerSlowPosting", "LedgerMemoryHigh");
    AlertingRule errors = loaded.get(0);
    assertThat(errors.holdFor()).isEqualTo(Duration.ofMinutes(5));
    assertThat(errors.query()).isEqualTo(
        "((rate(ledger_post_errors_total[5m])) / (rate(ledger_post_requests_total[5m]))) > 0.05");
    assertThat(errors.labels()).as("nothing invented").isEmpty();
    assertThat(loaded.get(1).query()).endsWith(" > 0.8").as("800 ms in seconds");
    assertThat(loaded.get(1).holdFor()).isEqualTo(Duration.ofMinutes(10));
    assertThat(loaded.get(2).query()).endsWith(" > 0.9");
    assertThat(loaded.get(2).holdFor()).isZero();
  }

  @Test
  void thePrometheusRuleManifestCarriesTheSameGroupsThatPromtoolAccepts() throws Exception {
    CliRun run = CliRun.of("runbook", "rules", RUNBOOK.toString(), "--config", config().toString(), "--format",
        "prometheusrule", "--name", "ledger-runbook", "--namespace", "monitoring");
    assertThat(run.exitCode()).as(run.err()).isZero();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode manifest = yaml.readTree(run.out());
    assertThat(manifest.get("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(manifest.get("kind").asText()).isEqualTo("PrometheusRule");
    assertThat(manifest.at("/metadata/name").asText()).isEqualTo("ledger-runbook");
    assertThat(manifest.at("/metadata/namespace").asText()).isEqualTo("monitoring");
    Path groups = dir.resolve("from-manifest.yml");
    yaml.writeValue(groups.toFile(), yaml.createObjectNode().set("groups", manifest.at("/spec/groups")));
    promtool(groups);
    assertThat(manifest.at("/spec/groups/0/rules")).hasSize(3);
  }

  private static void promtool(Path file) throws Exception {
    Process p = new ProcessBuilder("/usr/bin/promtool", "check", "rules", file.toString()).redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("SUCCESS: 3 rules found");
  }

  private static List<AlertingRule> load(String rules) throws Exception {
    try (TestExporter exporter = TestExporter.start();
        PrometheusProcess prometheus = PrometheusProcess.startWithRules(exporter.port(), rules)) {
      PrometheusClient client = new PrometheusClient(prometheus.url(), null, Duration.ofSeconds(5));
      return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(client::alertingRules, r -> r.size() == 3);
    }
  }
}
