package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stopWhen through the real CLI against the sandbox: each condition aborts the drill and staging is restored. The
 * sandbox's broken image (scenario fail) never answers health and its rollout stalls until the progress deadline
 * ({@code rolloutDelay x 5}), which gives the conditions something real to see long before that deadline. The stop
 * query against a real Prometheus is in {@link StopQueryCliIT}.
 */
class StopConditionsCliTest {
  private static final String NS = "intelgraph-staging";
  private static final String DEPLOYMENT = "maestro-orchestrator";
  private static final String ORIGINAL = "registry.example.com/maestro/orchestrator:1.4.2";

  @TempDir Path dir;
  private Sandbox sandbox;

  @AfterEach
  void stop() throws Exception {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private void sandbox(Scenario scenario, Duration rolloutDelay) throws Exception {
    sandbox = Sandbox.start(SandboxOptions.maestroDemo(scenario).withRolloutDelay(rolloutDelay));
  }

  /** A drill of the Maestro demo deployment; {@code extra} is YAML at drill level. */
  private Path config(String topLevel, boolean health, String extra) throws Exception {
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("sandbox.kubeconfig"));
    return Files.writeString(dir.resolve("drillbook.yaml"), topLevel + """
        drills:
          - name: orchestrator-rollback
            environment: staging
            target: { namespace: %s, deployment: %s, kubeconfig: "%s" }
            timeouts: { rollout: 2m, health: 30s }
            evidenceLog: drills/orchestrator.md
        """.formatted(NS, DEPLOYMENT, kubeconfig)
        + (health ? "    health: { url: \"" + sandbox.healthUrl(NS, DEPLOYMENT) + "\" }\n" : "") + extra);
  }

  private CliRun drill(Path config) {
    return CliRun.of("drill", "orchestrator-rollback", "--config", config.toString(), "--output", "json");
  }

  private DrillRecord entry() throws Exception {
    return EvidenceLogReader.readAll(dir.resolve("drills/orchestrator.md")).get(0).record();
  }

  private void assertRestored(CliRun run) throws Exception {
    assertThat(run.json().get("restored").asBoolean()).as(run.out()).isTrue();
    assertThat(sandbox.client().apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get().getSpec()
        .getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(ORIGINAL);
  }

  @Test
  void healthFailingLongerThanAllowedAbortsAndRestores() throws Exception {
    sandbox(Scenario.FAIL, Duration.ofSeconds(2));
    CliRun run = drill(config("", true, """
            stopWhen: { healthFailingFor: 1s, interval: 200ms }
        """));
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
    JsonNode json = run.json();
    assertThat(json.get("verdict").asText()).isEqualTo("ABORTED");
    assertThat(json.get("reason").asText()).contains("stop condition healthFailingFor 1.000 s: GET "
        + sandbox.healthUrl(NS, DEPLOYMENT) + " has not answered 200 for").contains("last answer 503");
    assertRestored(run);
    DrillRecord entry = entry();
    assertThat(entry.verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(entry.facts().get("stopCondition")).startsWith("healthFailingFor 1.000 s: ");
    assertThat(entry.facts().get("stopWhen")).isEqualTo("healthFailingFor 1.000 s, checked every 0.200 s");
  }

  @Test
  void rolloutWithoutProgressAbortsAndRestores() throws Exception {
    sandbox(Scenario.FAIL, Duration.ofSeconds(2));
    CliRun run = drill(config("", false, """
            stopWhen: { noRolloutProgressFor: 1s, interval: 200ms }
        """));
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
    JsonNode json = run.json();
    assertThat(json.get("verdict").asText()).isEqualTo("ABORTED");
    assertThat(json.get("reason").asText()).contains("stop condition noRolloutProgressFor 1.000 s: the rollout of "
        + NS + "/" + DEPLOYMENT + " made no progress for");
    assertRestored(run);
    assertThat(entry().facts().get("stopCondition")).startsWith("noRolloutProgressFor 1.000 s: ")
        .contains("updated 1");
  }

  @Test
  void unreachablePrometheusDoesNotStopTheDrillButIsRecorded() throws Exception {
    sandbox(Scenario.PASS, Duration.ofMillis(200));
    CliRun run = drill(config("prometheus: { url: \"http://127.0.0.1:9\" }\n", true, """
            stopWhen: { query: { promql: 'up', above: 0 }, interval: 200ms }
        """));
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    DrillRecord entry = entry();
    assertThat(entry.verdict()).isEqualTo(Verdict.PASS);
    assertThat(entry.facts()).doesNotContainKey("stopCondition");
    assertThat(entry.facts().get("stopQueryErrors")).contains("evaluations of the stop query failed");
  }

  @Test
  void conditionsThatNeverHoldLeaveAPassingDrillAlone() throws Exception {
    sandbox(Scenario.PASS, Duration.ofMillis(200));
    CliRun run = drill(config("", true, """
            stopWhen: { healthFailingFor: 1m, noRolloutProgressFor: 1m, interval: 200ms }
        """));
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    DrillRecord entry = entry();
    assertThat(entry.verdict()).isEqualTo(Verdict.PASS);
    assertThat(entry.facts()).containsKey("stopWhen").doesNotContainKeys("stopCondition", "stopQueryErrors");
  }

  @Test
  void aDrillWithoutStopConditionsBehavesAsBefore() throws Exception {
    sandbox(Scenario.FAIL, Duration.ofMillis(200));
    CliRun run = drill(config("", true, ""));
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.json().get("reason").asText()).contains("exceeded its progress deadline");
    assertRestored(run);
    assertThat(entry().facts()).doesNotContainKeys("stopWhen", "stopCondition", "stopQueryErrors");
  }
}
