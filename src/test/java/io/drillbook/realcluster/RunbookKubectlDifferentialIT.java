package io.drillbook.realcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.SeedDeployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox held to the real control plane, kubectl command by kubectl command: the same Deployment (three
 * replicas, two revisions applied on the real plane and seeded in the sandbox, then a third by {@code kubectl set
 * image} on both), HPA and Ingress on both, then every command of the rollback runbook in its order, run by
 * the same real kubectl on both. Outputs are compared after {@link RunbookOutputs#normalise} (names' hashes, ages,
 * IPs, node names, UIDs, timestamps), row order aside; the controllers' events of the restart must be alike, and
 * kubectl's watch must stream on both. Where the outputs may not match, the reason is in the assertion.
 */
@ExtendWith(RealControlPlaneExtension.class)
class RunbookKubectlDifferentialIT {
  private static final String NS = "runbook-kubectl";
  private static final String NAME = "web";
  private static final String SELECTOR = "app=" + NAME;
  private static final String V1 = "registry.example.com/web/frontend:3.1.0";
  private static final String V2 = "registry.example.com/web/frontend:3.2.0";
  private static final String V3 = "registry.example.com/web/frontend:3.3.0";

  @TempDir Path dir;

  @Test
  void everyRunbookCommand_printsOnTheSandboxWhatItPrintsOnTheRealControlPlane(RealControlPlane plane)
      throws Exception {
    Kubectl real = Kubectl.admin(plane);
    setUpRealPlane(real);
    SandboxOptions options = SandboxOptions.defaults().withRolloutDelay(Duration.ofMillis(200))
        .withSeeds(List.of(new SeedDeployment(NS, NAME, List.of(V1, V2), NAME, Map.of(), Map.of())));
    try (Sandbox sandbox = Sandbox.start(options)) {
      Kubectl sand = new Kubectl(plane.kubectl(), sandbox.writeKubeconfig(dir.resolve("sandbox.kubeconfig")));
      // Two revisions applied on the real plane, seeded in the sandbox; the third comes the same way on both:
      // kubectl set image (a strategic merge patch), then a rollout.
      for (Kubectl side : List.of(real, sand)) {
        side.run("-n", NS, "set", "image", "deploy/" + NAME, NAME + "=" + V3).ok();
        side.run("-n", NS, "rollout", "status", "deploy/" + NAME, "--timeout=120s").ok();
      }
      SoftAssertions soft = new SoftAssertions();
      Both both = new Both(real, sand, soft);

      // logs: the fake kubelet logs one start-up line, the sandbox an application log; both pick a pod alike.
      both.run("logs", "deploy/" + NAME, "--since=10m");
      soft.assertThat(both.real().err()).contains("Found 3 pods, using pod/" + NAME + "-");
      soft.assertThat(both.sand().err()).contains("Found 3 pods, using pod/" + NAME + "-");
      soft.assertThat(both.sand().out()).isNotBlank();

      // The replaced pods of the set-up rollouts must be gone on both before pods are compared.
      RunbookOutputs.awaitReplaced(real, NS, SELECTOR, Set.of());
      RunbookOutputs.awaitReplaced(sand, NS, SELECTOR, Set.of());
      both.sameRows("get", "hpa", NAME, "-o", "wide");
      both.sameRows("get", "pods", "-l", SELECTOR);
      both.sameRows("get", "pods", "-l", SELECTOR, "-o", "wide");
      // Beyond the runbook, the other Tables the sandbox prints: Deployments, ReplicaSets, events with -o wide.
      both.sameRows("get", "deploy", "-o", "wide");
      both.sameRows("get", "rs", "-o", "wide");
      both.sameHeader("get", "events", "-o", "wide");
      // Before any restart, so the events part (the real plane also has its set-up rollout's) is left out.
      // Line for line, the Conditions rows in the controller's order included (Progressing before Available).
      both.sameText(RunbookOutputs::withoutEvents, "describe", "deploy/" + NAME);
      // The seeded history's events against the real controller's: three rollouts, the 10th similar event and later
      // ones combined by the correlator. Rows of the same second come in any order (kubectl sorts unstably).
      soft.assertThat(sortedLines(RunbookOutputs.normalise(RunbookOutputs.eventsOnly(both.sand().out()))))
          .as("describe deploy events").isEqualTo(
              sortedLines(RunbookOutputs.normalise(RunbookOutputs.eventsOnly(both.real().out()))));
      soft.assertThat(both.real().out()).contains("(combined from similar events): Scaled");
      String realPod = real.run("-n", NS, "get", "pods", "-l", SELECTOR, "-o", "jsonpath={.items[0].metadata.name}")
          .ok().out();
      String sandPod = sand.run("-n", NS, "get", "pods", "-l", SELECTOR, "-o", "jsonpath={.items[0].metadata.name}")
          .ok().out();
      both.sameText(RunbookOutputs::withoutPodIp, List.of("describe", "pod", realPod),
          List.of("describe", "pod", sandPod));

      // No metrics-server on the real control plane: it cannot answer top; the sandbox answers as kubectl prints it.
      Kubectl.Result realTop = real.run("-n", NS, "top", "pod", "-l", SELECTOR);
      soft.assertThat(realTop.exitCode()).as("real plane has no metrics API").isNotZero();
      soft.assertThat(realTop.err()).contains("Metrics API not available");
      List<String> top = sand.run("-n", NS, "top", "pod", "-l", SELECTOR).ok().out().lines().toList();
      soft.assertThat(top.get(0).split(" +")).containsExactly("NAME", "CPU(cores)", "MEMORY(bytes)");
      soft.assertThat(top.subList(1, top.size())).hasSize(3)
          .allSatisfy(l -> assertThat(l.strip()).matches(NAME + "-\\S+ +\\d+m +\\d+Mi"));

      both.sameText(s -> s, "rollout", "status", "deploy/" + NAME);
      Set<String> realBefore = eventNames(real);
      Set<String> sandBefore = eventNames(sand);
      both.sameHeader("get", "events", "--sort-by=.lastTimestamp");

      both.sameText(s -> s, "rollout", "restart", "deploy/" + NAME);
      both.watchStreams("rollout", "status", "deploy/" + NAME, "--watch", "-v=6");
      soft.assertThat(RunbookOutputs.newEvents(sand, NS, sandBefore))
          .as("the restart's controller events (reason, object, message)")
          .containsExactlyInAnyOrderElementsOf(RunbookOutputs.newEvents(real, NS, realBefore));
      soft.assertThat(both.run("describe", "deploy/" + NAME).sand().out())
          .contains("ScalingReplicaSet", "deployment-controller");

      Set<String> realPods = podNames(real);
      Set<String> sandPods = podNames(sand);
      both.sameRows("delete", "pod", "-l", SELECTOR, "--grace-period=30");
      RunbookOutputs.awaitReplaced(real, NS, SELECTOR, realPods);
      RunbookOutputs.awaitReplaced(sand, NS, SELECTOR, sandPods);

      both.sameText(s -> s, "rollout", "history", "deploy/" + NAME);
      both.sameText(s -> s, "rollout", "undo", "deploy/" + NAME, "--to-revision=1");
      both.watchStreams("rollout", "status", "deploy/" + NAME, "--watch", "-v=6");
      both.sameText(s -> s, "rollout", "history", "deploy/" + NAME);
      both.sameRows("get", "ing", NAME);
      soft.assertAll();
    }
  }

  private static void setUpRealPlane(Kubectl real) throws Exception {
    new Workloads(real).createNamespace(NS);
    real.runWithInput(RunbookOutputs.deploymentYaml(NS, NAME, V1), "apply", "-f", "-").ok();
    real.run("-n", NS, "rollout", "status", "deploy/" + NAME, "--timeout=120s").ok();
    real.run("-n", NS, "set", "image", "deploy/" + NAME, NAME + "=" + V2).ok();
    real.run("-n", NS, "rollout", "status", "deploy/" + NAME, "--timeout=120s").ok();
    real.runWithInput(RunbookOutputs.neighboursYaml(NS, NAME), "apply", "-f", "-").ok();
  }

  private static List<String> sortedLines(String text) {
    return text.lines().sorted().toList();
  }

  private static Set<String> eventNames(Kubectl kubectl) throws Exception {
    return Set.of(kubectl.run("-n", NS, "get", "events", "-o", "jsonpath={.items[*].metadata.name}").ok().out()
        .split(" "));
  }

  private static Set<String> podNames(Kubectl kubectl) throws Exception {
    return Set.of(kubectl.run("-n", NS, "get", "pods", "-l", SELECTOR, "-o", "jsonpath={.items[*].metadata.name}")
        .ok().out().split(" "));
  }

  /** One command on both, and the comparisons of its two outputs. */
  private static final class Both {
    private final Kubectl real;
    private final Kubectl sand;
    private final SoftAssertions soft;
    private Kubectl.Result lastReal;
    private Kubectl.Result lastSand;

    Both(Kubectl real, Kubectl sand, SoftAssertions soft) {
      this.real = real;
      this.sand = sand;
      this.soft = soft;
    }

    Both run(String... args) throws Exception {
      return run(List.of(args), List.of(args));
    }

    Both run(List<String> realArgs, List<String> sandArgs) throws Exception {
      lastReal = real.run(withNamespace(realArgs));
      lastSand = sand.run(withNamespace(sandArgs));
      String command = String.join(" ", sandArgs);
      soft.assertThat(lastReal.exitCode()).as("real: kubectl %s: %s", command, lastReal.err()).isZero();
      soft.assertThat(lastSand.exitCode()).as("sandbox: kubectl %s: %s", command, lastSand.err()).isZero();
      return this;
    }

    Kubectl.Result real() {
      return lastReal;
    }

    Kubectl.Result sand() {
      return lastSand;
    }

    /** Same header and the same rows in any order (row order follows names, whose hashes differ). */
    void sameRows(String... args) throws Exception {
      run(args);
      soft.assertThat(sorted(RunbookOutputs.normalise(lastSand.out())))
          .as("kubectl %s", String.join(" ", args))
          .isEqualTo(sorted(RunbookOutputs.normalise(lastReal.out())));
    }

    void sameHeader(String... args) throws Exception {
      run(args);
      soft.assertThat(RunbookOutputs.normalise(lastSand.out()).lines().findFirst())
          .as("kubectl %s header", String.join(" ", args))
          .isEqualTo(RunbookOutputs.normalise(lastReal.out()).lines().findFirst());
    }

    void sameText(java.util.function.UnaryOperator<String> view, String... args) throws Exception {
      sameText(view, List.of(args), List.of(args));
    }

    /** The same text, line for line and in order, once normalised. */
    void sameText(java.util.function.UnaryOperator<String> view, List<String> realArgs, List<String> sandArgs)
        throws Exception {
      run(realArgs, sandArgs);
      soft.assertThat(RunbookOutputs.normalise(view.apply(lastSand.out())).lines().toList())
          .as("kubectl %s", String.join(" ", sandArgs))
          .isEqualTo(RunbookOutputs.normalise(view.apply(lastReal.out())).lines().toList());
    }

    /** The rollout is seen to its end through a streaming watch (200 on ?watch=true), not by relisting. */
    void watchStreams(String... args) throws Exception {
      run(args);
      for (Kubectl.Result result : List.of(lastReal, lastSand)) {
        soft.assertThat(result.out()).contains("successfully rolled out");
        soft.assertThat(result.err()).containsPattern("verb=\"GET\" url=\"[^\"]*watch=true[^\"]*\" status=\"200 OK\"")
            .doesNotContain("Failed to watch");
      }
      soft.assertThat(RunbookOutputs.normalise(lastSand.out()).lines().reduce((a, b) -> b))
          .isEqualTo(RunbookOutputs.normalise(lastReal.out()).lines().reduce((a, b) -> b));
    }

    private static String[] withNamespace(List<String> args) {
      List<String> all = new ArrayList<>(List.of("-n", NS));
      all.addAll(args);
      return all.toArray(String[]::new);
    }

    private static List<String> sorted(String text) {
      return text.lines().sorted().collect(Collectors.toList());
    }
  }
}
