package io.drillbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox as kubectl sees it; it needs the kubectl that testcluster/build builds (or one on the PATH). */
class KubectlCompatibilityIT {


  @Test
  void kubectlRolloutUndoRollsBackToThePreviousReplicaSet(@TempDir Path dir) throws Exception {
    SandboxOptions options = SandboxOptions.maestroDemo(Scenario.PASS).withRolloutDelay(Duration.ofMillis(60));
    try (Sandbox sandbox = Sandbox.start(options)) {
      Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("kubeconfig"));

      assertThat(kubectl(kubeconfig, "rollout", "history", "deployment/maestro-orchestrator"))
          .contains("1 ", "2 ");
      assertThat(kubectl(kubeconfig, "rollout", "undo", "deployment/maestro-orchestrator"))
          .contains("rolled back");

      KubernetesClient client = sandbox.client();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(Drills.revision(Drills.deployment(client, SandboxTest.NS, SandboxTest.NAME))).isEqualTo("3");
        assertThat(Drills.healthStatus(sandbox.healthUrl(SandboxTest.NS, SandboxTest.NAME))).isEqualTo(200);
      });
      assertThat(sandbox.rolloutCompletions()).singleElement()
          .satisfies(c -> assertThat(c.image()).isEqualTo(SandboxTest.V141));
      assertThat(kubectl(kubeconfig, "get", "deployment", "maestro-orchestrator",
          "-o", "jsonpath={.spec.template.spec.containers[0].image}")).isEqualTo(SandboxTest.V141);
    }
  }

  @Test
  void kubectlGetPodsAndLogsSeeTheSandboxPods(@TempDir Path dir) throws Exception {
    SandboxOptions options = SandboxOptions.maestroDemo(Scenario.PASS).withRolloutDelay(Duration.ofMillis(60));
    try (Sandbox sandbox = Sandbox.start(options)) {
      Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("kubeconfig"));

      String pods = kubectl(kubeconfig, "get", "pods", "-l", "app=maestro-orchestrator", "-o", "name");
      assertThat(pods.lines()).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("pod/maestro-orchestrator-"));
      assertThat(kubectl(kubeconfig, "get", "pods", "-l", "app=maestro-orchestrator",
          "-o", "jsonpath={.items[*].status.phase}")).isEqualTo("Running Running Running");
      String pod = pods.lines().findFirst().orElseThrow().substring("pod/".length());
      assertThat(kubectl(kubeconfig, "logs", pod, "--since=1h", "--timestamps"))
          .contains("Starting OrchestratorApplication").matches("(?s)\\d{4}-\\d{2}-\\d{2}T.*");
      // Which line is last depends on how long the pod has been up; one line of the app's log it must be.
      String tail = kubectl(kubeconfig, "logs", "deployment/maestro-orchestrator", "--tail=1");
      assertThat(tail).contains("Found 3 pods, using pod/maestro-orchestrator-");
      assertThat(tail.lines().filter(l -> !l.startsWith("Found ")).toList()).singleElement()
          .satisfies(line -> assertThat(line).contains("io.maestro.orchestrator"));
    }
  }

  private static String kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(KubectlBinary.path(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl %s failed: %s", String.join(" ", args), out).isZero();
    return out;
  }
}
