package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drillbook.alertmanager.AlertmanagerClient;
import io.drillbook.alertmanager.AlertmanagerProcess;
import io.drillbook.alertmanager.Silence;
import io.drillbook.drill.DrillRecord;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alertmanager.silence} against a real Alertmanager 0.25, the drill a real process: the target's alerts are
 * silenced (and only its namespace's), the silence is renewed in place while the drill runs and expired when it ends,
 * the alerts still land in the entry; a drill killed with -9 stops renewing, so its silence lapses by itself.
 */
class SilenceDrillIT {
  private static final Path RUNBOOK = Path.of("src/test/resources/runbooks/orchestrator-traffic.md");
  private static final Map<String, String> STAGING = Map.of("namespace", "intelgraph-staging");

  @TempDir Path dir;
  private AlertmanagerProcess alertmanager;
  private AlertmanagerClient client;
  private Sandbox sandbox;
  private Process drill;

  @BeforeEach
  void start() throws Exception {
    alertmanager = AlertmanagerProcess.start();
    client = new AlertmanagerClient(alertmanager.url(), null, Duration.ofSeconds(5));
    alertmanager.fire(Map.of("alertname", "OrchestratorErrors", "namespace", "intelgraph-staging"));
    alertmanager.fire(Map.of("alertname", "OrchestratorErrors", "namespace", "intelgraph-prod"));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.alerts(Map.of()).size() == 2);
    sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS).withRolloutDelay(Duration.ofMillis(100)));
  }

  @AfterEach
  void stop() throws Exception {
    if (drill != null) {
      drill.destroyForcibly();
    }
    sandbox.close();
    alertmanager.close();
  }

  /** Starts a drill that lasts about 45 s (the traffic check's sustain window) in its own process. */
  private Process startDrill() throws Exception {
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("sandbox.kubeconfig"));
    Path config = Files.writeString(dir.resolve("drillbook.yaml"), """
        alertmanager: { url: "%s", silence: true, silenceFor: 1m }
        drills:
          - name: orchestrator-silenced
            environment: staging
            target: { namespace: intelgraph-staging, deployment: maestro-orchestrator, kubeconfig: "%s" }
            runbook: "%s"
            sustain: 45s
            verify: { interval: 1s, timeout: 90s }
            health: { url: "%s" }
            evidenceLog: drills/silenced.md
        """.formatted(alertmanager.url(), kubeconfig, RUNBOOK.toAbsolutePath(),
        sandbox.healthUrl("intelgraph-staging", "maestro-orchestrator")));
    return JarProcess.builder("drill", "orchestrator-silenced", "--config", config.toString(), "--output", "json")
        .directory(dir.toFile()).redirectOutput(dir.resolve("out.json").toFile())
        .redirectError(dir.resolve("err.txt").toFile()).start();
  }

  private Silence activeSilence() {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> client.silences(Map.of()).stream().filter(s -> s.state().equals("active")).findFirst(),
            found -> found.isPresent()).orElseThrow();
  }

  @Test
  void theTargetsAlertsAreSilencedRenewedInPlaceAndExpiredAtTheEndAndStillRecorded() throws Exception {
    drill = startDrill();
    Silence silence = activeSilence();
    assertThat(silence.matchers()).extracting(Silence.Matcher::toString).containsExactly("namespace=\"intelgraph-staging\"");
    assertThat(Duration.between(silence.startsAt(), silence.endsAt())).isLessThanOrEqualTo(Duration.ofSeconds(61));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.alerts(STAGING).get(0).state().equals("suppressed"));
    assertThat(client.alerts(Map.of("namespace", "intelgraph-prod")).get(0).state()).as("another namespace")
        .isEqualTo("active");
    // Renewed every third of silenceFor (20 s), in place: same id, later end.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> client.silence(silence.id()).endsAt().isAfter(silence.endsAt()));
    assertThat(client.silence(silence.id()).state()).isEqualTo("active");

    assertThat(drill.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(drill.exitValue()).as(Files.readString(dir.resolve("err.txt"))).isZero();
    assertThat(client.silence(silence.id()).state()).isEqualTo("expired");
    assertThat(client.alerts(STAGING).get(0).state()).isEqualTo("active");
    DrillRecord entry = EvidenceLogReader.readAll(dir.resolve("drills/silenced.md")).get(0).record();
    assertThat(entry.facts().get("silence")).startsWith(silence.id() + " in Alertmanager " + alertmanager.url()
        + " on namespace=\"intelgraph-staging\", from ").contains("(1 min ahead, renewed ").contains("expired at ");
    assertThat(entry.facts().get("alertsAtVerdict")).startsWith("OrchestratorErrors (suppressed since ");
    assertThat(entry.facts().get("failingAlerts")).startsWith("OrchestratorErrors (firing since ")
        .doesNotContain("intelgraph-prod");
  }

  @Test
  void aKilledDrillsSilenceIsNoLongerRenewedAndLapsesWithinSilenceFor() throws Exception {
    drill = startDrill();
    Silence silence = activeSilence();
    drill.destroyForcibly();
    assertThat(drill.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Instant killedAt = Instant.now();
    Silence left = client.silence(silence.id());
    assertThat(left.state()).isEqualTo("active");
    assertThat(left.endsAt()).isBefore(killedAt.plus(Duration.ofSeconds(61)));
    // Longer than a renewal period (20 s): nobody extends it any more.
    await().pollDelay(Duration.ofSeconds(22)).atMost(Duration.ofSeconds(23)).until(() -> true);
    assertThat(client.silence(silence.id()).endsAt()).isEqualTo(left.endsAt());
    assertThat(client.silences(Map.of())).filteredOn(s -> s.state().equals("active")).hasSize(1);
  }
}
