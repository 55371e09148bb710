package io.drillbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every kubectl command of the maestro rollback runbook, run by real kubectl against the sandbox's demo Deployment:
 * each must exit 0 and print what kube-apiserver's printers print (the columns, the cells' formats, the controllers'
 * events). The commands run in the runbook's order on one sandbox, so the restart, the pod deletion and the undo act
 * on what the earlier ones left. kubectl is the control plane's ({@code target/testcluster/kubectl}) when built,
 * else the one on the PATH.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlRunbookCommandsIT {

  private static final String NS = SandboxTest.NS;
  private static final String NAME = SandboxTest.NAME;
  private static final String SELECTOR = "app=" + NAME;

  private Sandbox sandbox;
  private Path kubeconfig;


  @BeforeAll
  void startSandbox() throws IOException {
    sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS).withRolloutDelay(Duration.ofMillis(100)));
    kubeconfig = sandbox.writeKubeconfig(Files.createTempDirectory("runbook-kubectl").resolve("kubeconfig"));
  }

  @AfterAll
  void stopSandbox() {
    sandbox.close();
  }

  @Test
  @Order(1)
  void logs_ofTheDeploymentSinceTenMinutes() throws Exception {
    String out = kubectl("logs", "deploy/" + NAME, "--since=10m");
    assertThat(out).contains("Found 3 pods, using pod/" + NAME + "-", "io.maestro.orchestrator");
  }

  @Test
  @Order(2)
  void getHpaWide_printsTheServersAutoscalerColumns() throws Exception {
    List<String> lines = kubectl("get", "hpa", NAME, "-o", "wide").lines().toList();
    assertThat(words(lines.get(0))).containsExactly("NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS",
        "REPLICAS", "AGE");
    assertThat(lines.get(1)).matches(NAME + " +Deployment/" + NAME + " +cpu: <unknown>/70% +3 +10 +0 +\\d+s");
  }

  @Test
  @Order(3)
  void getPods_printsReadyStatusRestartsAge() throws Exception {
    List<String> lines = kubectl("get", "pods", "-l", SELECTOR).lines().toList();
    assertThat(words(lines.get(0))).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE");
    assertThat(lines.subList(1, lines.size())).hasSize(3)
        .allSatisfy(l -> assertThat(l).matches(NAME + "-[a-z0-9]+-[a-z0-9]{5} +1/1 +Running +0 +\\d+s"));
  }

  @Test
  @Order(4)
  void getPodsWide_addsThePriorityOneColumns() throws Exception {
    List<String> lines = kubectl("get", "pods", "-l", SELECTOR, "-o", "wide").lines().toList();
    assertThat(lines.get(0)).matches("NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES");
    assertThat(lines.subList(1, lines.size())).hasSize(3).allSatisfy(l -> assertThat(l)
        .matches(".* Running +0 +\\d+s +10\\.244\\.0\\.\\d+ +" + PodKeeper.NODE_NAME + " +<none> +<none>"));
  }

  @Test
  @Order(5)
  void describeDeploymentAndPod() throws Exception {
    assertThat(kubectl("describe", "deploy/" + NAME)).contains("Replicas:", "3 desired | 3 updated | 3 total",
        "NewReplicaSet:", "Events:");
    String pod = firstPod();
    assertThat(kubectl("describe", "pod", pod)).contains("Status:", "Running", "Controlled By:  ReplicaSet/" + NAME,
        "Events:");
  }

  @Test
  @Order(6)
  void topPod_printsCpuAndMemoryOfEveryPod() throws Exception {
    List<String> lines = kubectl("top", "pod", "-l", SELECTOR).lines().toList();
    assertThat(words(lines.get(0))).containsExactly("NAME", "CPU(cores)", "MEMORY(bytes)");
    assertThat(lines.subList(1, lines.size())).hasSize(3)
        .allSatisfy(l -> assertThat(l.strip()).matches(NAME + "-\\S+ +\\d+m +\\d+Mi"));
  }

  @Test
  @Order(7)
  void rolloutStatus_ofTheSeededDeployment() throws Exception {
    assertThat(kubectl("rollout", "status", "deploy/" + NAME))
        .contains("deployment \"" + NAME + "\" successfully rolled out");
  }

  @Test
  @Order(8)
  void rolloutRestart_rollsOutAndTheControllersRecordTheirEvents() throws Exception {
    assertThat(kubectl("rollout", "restart", "deploy/" + NAME)).contains("deployment.apps/" + NAME + " restarted");
    // -v=6 logs every request: the watch must stream (200) rather than fail and fall back to relisting.
    String status = kubectl("rollout", "status", "deploy/" + NAME, "--watch", "-v=6");
    assertThat(status).contains("successfully rolled out").contains("watch=true").doesNotContain("Failed to watch");

    List<String> events = kubectl("get", "events", "--sort-by=.lastTimestamp").lines().toList();
    assertThat(words(events.get(0))).containsExactly("LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
    // The seed's history (0 to 3, then the rollout to 1.4.2: six steps) and the restart's six steps are thirteen
    // similar events on one Deployment: as client-go's correlator does, the 10th and later are one combined event.
    List<String> scaling = events.stream().filter(l -> l.contains("ScalingReplicaSet")).toList();
    assertThat(scaling).hasSize(10);
    assertThat(scaling).filteredOn(l -> l.contains("(combined from similar events): Scaled ")).hasSize(1);
    assertThat(kubectl("get", "events", "--field-selector", "reason=ScalingReplicaSet", "-o",
        "jsonpath={range .items[*]}{.count}{\"\\n\"}{end}").lines().mapToInt(Integer::parseInt).sum())
        .isEqualTo(13);
    assertThat(events).filteredOn(l -> l.contains("SuccessfulDelete")).hasSize(3)
        .allSatisfy(l -> assertThat(l).contains("Deleted pod: " + NAME + "-"));
    assertThat(kubectl("describe", "deploy/" + NAME)).contains("ScalingReplicaSet", "deployment-controller");
  }

  @Test
  @Order(9)
  void deletePodsBySelector_theReplicaSetReplacesThem() throws Exception {
    Set<String> before = pods();
    String out = kubectl("delete", "pod", "-l", SELECTOR, "--grace-period=30");
    assertThat(out.lines().filter(l -> l.contains("deleted"))).hasSize(3);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Set<String> after = pods();
      assertThat(after).hasSize(3).doesNotContainAnyElementsOf(before);
      assertThat(kubectl("get", "pods", "-l", SELECTOR, "-o", "jsonpath={.items[*].status.phase}"))
          .isEqualTo("Running Running Running");
    });
  }

  @Test
  @Order(10)
  void rolloutHistoryThenUndoToRevisionThenWatch() throws Exception {
    assertThat(kubectl("rollout", "history", "deploy/" + NAME)).containsPattern("(?s)REVISION +CHANGE-CAUSE\n1 .*\n2 .*\n3 ");
    assertThat(kubectl("rollout", "undo", "deploy/" + NAME, "--to-revision=1"))
        .contains("deployment.apps/" + NAME + " rolled back");
    assertThat(kubectl("rollout", "status", "deploy/" + NAME, "--watch"))
        .contains("successfully rolled out");
    assertThat(kubectl("get", "deploy", NAME, "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
        .isEqualTo(SandboxTest.V141);
  }

  @Test
  @Order(11)
  void getIngress_printsClassHostsAndPorts() throws Exception {
    List<String> lines = kubectl("get", "ing", NAME).lines().toList();
    assertThat(words(lines.get(0))).containsExactly("NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE");
    assertThat(lines.get(1)).matches(NAME + " +nginx +" + NAME + "\\." + NS + "\\.example\\.com +80, 443 +\\d+s");
  }

  @Test
  @Order(12)
  void getPodsWatch_printsTableRowsAsPodsChange_beyondTheRunbook() throws Exception {
    List<String> command = new ArrayList<>(List.of(KubectlBinary.path(), "--kubeconfig", kubeconfig.toString(), "-n", NS,
        "get", "pods", "-l", SELECTOR, "-w"));
    Process watch = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> new java.io.BufferedReader(new java.io.InputStreamReader(watch.getInputStream(),
        StandardCharsets.UTF_8)).lines().forEach(lines::add));
    reader.setDaemon(true);
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> lines.size() >= 4);
      kubectl("rollout", "restart", "deploy/" + NAME);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(lines)
          .anySatisfy(l -> assertThat(l).matches(NAME + "-\\S+ +0/1 +Pending +0 +\\d+s"))
          .anySatisfy(l -> assertThat(l).matches(NAME + "-\\S+ +1/1 +Running +0 +\\d+s")));
      assertThat(lines).filteredOn(l -> l.startsWith("NAME")).singleElement()
          .satisfies(l -> assertThat(words(l)).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE"));
    } finally {
      watch.destroy();
    }
  }

  private String firstPod() throws Exception {
    return pods().iterator().next();
  }

  private Set<String> pods() throws Exception {
    return Set.of(kubectl("get", "pods", "-l", SELECTOR, "-o", "jsonpath={.items[*].metadata.name}").split(" "));
  }

  private static List<String> words(String line) {
    return List.of(line.strip().split(" +"));
  }

  private String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(KubectlBinary.path(), "--kubeconfig", kubeconfig.toString(), "-n", NS));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl %s failed: %s", String.join(" ", args), out).isZero();
    return out;
  }
}
