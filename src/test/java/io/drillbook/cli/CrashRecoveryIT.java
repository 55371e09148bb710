package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.drill.InProgressMarker;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.kube.KubeClients;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash HARDEN asks for, with real processes: {@code kill -9} of a drill mid-rollout against a standalone
 * {@code drillbook sandbox}, then {@code drillbook recover} puts staging back and records the dead drill as soon as
 * the drill's Lease has lapsed, though its deadline is an hour away.
 */
class CrashRecoveryIT {
  private static final String NS = "intelgraph-staging";
  private static final String NAME = "maestro-orchestrator";
  private static final String ORIGINAL = "registry.example.com/maestro/orchestrator:1.4.2";
  private static final String PREVIOUS = "registry.example.com/maestro/orchestrator:1.4.1";

  @TempDir Path dir;

  @Test
  void recover_restoresOnceTheKilledDrillsLeaseLapsedLongBeforeItsDeadline() throws Exception {
    // The drill ran in another pod (another host name): recovery must see its Lease go unrenewed.
    killAndRecover(Map.of("HOSTNAME", "cronjob-pod-a"), Map.of("HOSTNAME", "operator-laptop"),
        "(lock: not renewed for 3 s, its lease duration, as observed here)");
  }

  @Test
  void recover_onTheSameHostRestoresAtOnceWhenTheDrillsProcessIsGone() throws Exception {
    killAndRecover(Map.of("HOSTNAME", "ci-runner-a"), Map.of("HOSTNAME", "ci-runner-a"),
        "(lock: its holder, process ");
  }

  private void killAndRecover(Map<String, String> drillHost, Map<String, String> recoverHost, String judged)
      throws Exception {
    Path config = dir.resolve("c.yaml");
    Path log = dir.resolve("crash.md");
    List<String> sandboxOutput = new CopyOnWriteArrayList<>();
    Process sandbox = JarProcess.startUntil("ready"::equals, sandboxOutput, "sandbox", "--write-config",
        config.toString(), "--log", log.toString(), "--rollout-delay", "300ms");
    try (KubernetesClient client = KubeClients.connect(kubeconfig(sandboxOutput), null)) {
      // Long timeouts put the deadline over an hour away; a short lease lapses quickly: settings, not test hooks.
      String yaml = Files.readString(config);
      assertThat(yaml).contains("timeouts: { rollout: 2m, health: 30s }");
      Files.writeString(config, yaml.replace("timeouts: { rollout: 2m, health: 30s }",
          "timeouts: { rollout: 30m, health: 3s }") + "scheduler:\n  leaseDuration: 3s\n");

      List<String> drillOutput = new CopyOnWriteArrayList<>();
      Process drill = JarProcess.startUntil(drillHost, line -> line.contains("] rollout    ..."), drillOutput,
          "drill", "sandbox-kubernetes", "--config", config.toString());
      drill.destroyForcibly(); // SIGKILL to the JVM itself (JarProcess starts java directly, no shell)
      assertThat(drill.waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(drill.exitValue()).isEqualTo(137);

      Deployment killed = deployment(client);
      assertThat(image(killed)).isEqualTo(PREVIOUS);
      String raw = killed.getMetadata().getAnnotations().get(InProgressMarker.ANNOTATION);
      assertThat(raw).as("drill-in-progress marker left by the killed drill").isNotNull();
      InProgressMarker marker = InProgressMarker.parse(raw);
      assertThat(marker.fromImage()).isEqualTo(ORIGINAL);
      assertThat(marker.fromRevision()).isEqualTo(2);
      assertThat(marker.holder()).startsWith(drillHost.get("HOSTNAME") + "/pid-" + drill.pid() + "/");
      assertThat(log).doesNotExist();

      assertThat(marker.deadline()).isAfter(Instant.now().plus(Duration.ofMinutes(60)));

      CliRun recover = JarProcess.run(recoverHost, dir, "recover", "--config", config.toString(), "--output",
          "json");
      assertThat(recover.exitCode()).as(recover.out() + recover.err()).isZero();
      JsonNode found = recover.json().get("found");
      assertThat(found).hasSize(1);
      assertThat(found.get(0).get("outcome").asText()).isEqualTo("RECOVERED");
      assertThat(found.get(0).get("drillId").asText()).isEqualTo(marker.drillId());

      Deployment after = deployment(client);
      assertThat(image(after)).isEqualTo(ORIGINAL);
      Map<String, String> annotations = after.getMetadata().getAnnotations();
      assertThat(annotations).doesNotContainKey(InProgressMarker.ANNOTATION);

      var entries = EvidenceLogReader.readAll(log);
      assertThat(entries).singleElement().satisfies(e -> {
        assertThat(e.record().drillId()).isEqualTo(marker.drillId());
        assertThat(e.record().verdict()).isEqualTo(Verdict.ABORTED);
        assertThat(e.record().reason()).startsWith("recovered by drillbook recover: drill " + marker.drillId()
            + " held by " + marker.holder() + " is dead " + judged);
        assertThat(e.record().restored()).isTrue();
        assertThat(e.record().fromImage()).isEqualTo(ORIGINAL);
        assertThat(e.record().toImage()).isEqualTo(PREVIOUS);
      });
      CliRun audit = JarProcess.run(dir, "audit", "verify", log.toString());
      assertThat(audit.exitCode()).as(audit.out() + audit.err()).isZero();

      CliRun again = JarProcess.run(dir, "recover", "--config", config.toString());
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.out()).contains("nothing to do");
    } finally {
      sandbox.destroy();
      assertThat(sandbox.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static Path kubeconfig(List<String> sandboxOutput) {
    return Path.of(sandboxOutput.stream().filter(l -> l.startsWith("kubeconfig: ")).findFirst().orElseThrow()
        .substring("kubeconfig: ".length()).replaceFirst(" \\(context .*\\)$", ""));
  }

  private static Deployment deployment(KubernetesClient client) {
    return client.apps().deployments().inNamespace(NS).withName(NAME).get();
  }

  private static String image(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }
}
