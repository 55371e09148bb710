package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
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
 * The runbook's "kubectl top pod shows steady utilization", read from the sandbox's metrics.k8s.io through the
 * real CLI: steady pods pass, pods whose CPU swings fail the drill with the pod named, and staging is restored.
 */
class TrafficCheckIT {
  private static final Path RUNBOOK = Path.of("src/test/resources/runbooks/orchestrator-traffic.md");

  @TempDir Path dir;
  private Sandbox sandbox;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private CliRun drill(Scenario scenario) throws Exception {
    sandbox = Sandbox.start(SandboxOptions.maestroDemo(scenario).withRolloutDelay(Duration.ofMillis(100)));
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("sandbox.kubeconfig"));
    Path config = Files.writeString(dir.resolve("drillbook.yaml"), """
        drills:
          - name: orchestrator-traffic
            environment: staging
            target: { namespace: intelgraph-staging, deployment: maestro-orchestrator, kubeconfig: "%s" }
            runbook: "%s"
            sustain: 5s
            verify: { interval: 1s, timeout: 60s }
            health: { url: "%s" }
            evidenceLog: drills/traffic.md
        """.formatted(kubeconfig, RUNBOOK.toAbsolutePath(),
        sandbox.healthUrl("intelgraph-staging", "maestro-orchestrator")));
    return CliRun.of("drill", "orchestrator-traffic", "--config", config.toString(), "--output", "json");
  }

  private DrillRecord entry() throws Exception {
    return EvidenceLogReader.readAll(dir.resolve("drills/traffic.md")).get(0).record();
  }

  @Test
  void steadyPodsPassAndTheEntrySaysHowTrafficWasRead() throws Exception {
    CliRun run = drill(Scenario.PASS);

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("traffic").asText()).startsWith("sampled every 1 s from metrics.k8s.io/v1beta1 PodMetrics "
        + "(runbook line 22)");
    CheckResult traffic = entry().checks().stream().filter(c -> c.name().equals("traffic")).findFirst()
        .orElseThrow();
    assertThat(traffic.ok()).isTrue();
    // The sandbox reports a sample a second; three pods over a 5 s window.
    assertThat(traffic.detail()).startsWith("steady: 3 pods, ")
        .contains("has no memory limit (OrchestratorMemoryHigh not judged)");
  }

  @Test
  void podsWhoseCpuSwingsFailTheDrillNamingThePodAndStagingIsRestored() throws Exception {
    CliRun run = drill(Scenario.UNSTEADY);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    JsonNode json = run.json();
    assertThat(json.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(json.get("reason").asText()).contains("traffic was not steady (runbook line 22): pod maestro-orchestrator-")
        .contains("CPU varied by").contains("(coefficient of variation, bound 0.5)");
    assertThat(json.get("restored").asBoolean()).isTrue();
    assertThat(entry().checks()).filteredOn(c -> c.name().equals("traffic")).singleElement()
        .extracting(CheckResult::ok).isEqualTo(false);
  }
}
