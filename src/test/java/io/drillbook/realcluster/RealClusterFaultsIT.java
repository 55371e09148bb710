package io.drillbook.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.cli.CliRun;
import io.drillbook.cli.JarProcess;
import io.drillbook.drill.InProgressMarker;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.EvidenceEntry;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.faults.TcpProxy;
import io.drillbook.realcluster.Workloads.Release;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes wrong in real life, on the real control plane, as the drillbook ServiceAccount: the drill process
 * killed mid-rollout (then {@code drillbook recover}, or the running daemon, restores), the control plane itself
 * killed mid-drill and restarted on the same data and ports, a drill partitioned from the API server past its
 * Lease's renew deadline (fencing), and a second drill of a target whose Lease is held.
 *
 * <p>The rolled-back-to release's pods take a few seconds to become ready (the fake kubelet's per-pod
 * {@code ready-delay} annotation, part of that revision's template), so each drill is still in its rollout phase
 * when the fault is injected.
 */
@ExtendWith(RealControlPlaneExtension.class)
class RealClusterFaultsIT {
  private static final String NS = RealControlPlane.ROLE_NAMESPACE;
  private static final String SLOW = "registry.example.com/billing/api:3.1.0";
  private static final String CURRENT = "registry.example.com/billing/api:3.2.0";
  private static final String READY_DELAY = "testcluster.drillbook.io/ready-delay";

  @TempDir Path dir;
  private RealControlPlane plane;
  private Workloads workloads;

  @BeforeEach
  void connect(RealControlPlane plane) {
    this.plane = plane;
    this.workloads = new Workloads(Kubectl.admin(plane));
  }

  @Test
  void drillKilledMidRollout_isRecoveredByRecoverOnceItsLeaseLapsed_longBeforeItsDeadline() throws Exception {
    String name = "killed-api";
    PodTemplateSpec original = slowHistory(name, "6s");
    // A 30 minute rollout timeout puts the deadline over an hour away; a 3 s lease lapses soon.
    RealDrill drill = RealDrill.of(plane, NS, name, "previous").withTimeouts("{ rollout: 30m, health: 3s }")
        .withTopLevel("scheduler:\n  leaseDuration: 3s\n");
    Path config = drill.writeConfig(dir);

    // The drill runs as another pod would (another host name), so the recovery must watch its Lease lapse.
    Process running = killedMidRollout(name, config, Map.of("HOSTNAME", "cronjob-pod-a"));

    Deployment killed = deployment(name);
    assertThat(image(killed)).isEqualTo(SLOW);
    InProgressMarker marker = InProgressMarker.parse(killed.getMetadata().getAnnotations().get(InProgressMarker.ANNOTATION));
    assertThat(marker.fromImage()).isEqualTo(CURRENT);
    assertThat(marker.holder()).startsWith("cronjob-pod-a/pid-" + running.pid() + "/");
    assertThat(marker.deadline()).isAfter(Instant.now().plus(Duration.ofMinutes(60)));
    assertThat(drill.evidenceLog(dir)).doesNotExist();

    CliRun recover = JarProcess.run(Map.of("HOSTNAME", "operator-host"), dir, "recover", "--config",
        config.toString(), "--output", "json");

    assertThat(recover.exitCode()).as(recover.out() + recover.err()).isZero();
    JsonNode found = recover.json().get("found");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("outcome").asText()).isEqualTo("RECOVERED");
    Deployment after = deployment(name);
    assertThat(after.getSpec().getTemplate()).isEqualTo(original);
    assertThat(after.getMetadata().getAnnotations()).doesNotContainKey(InProgressMarker.ANNOTATION);
    workloads.awaitRolledOut(NS, name);
    assertThat(EvidenceLogReader.readAll(drill.evidenceLog(dir))).singleElement().satisfies(e -> {
      assertThat(e.record().drillId()).isEqualTo(marker.drillId());
      assertThat(e.record().verdict()).isEqualTo(Verdict.ABORTED);
      assertThat(e.record().reason()).contains("is dead (lock: not renewed for 3 s, its lease duration, as "
          + "observed here)");
      assertThat(e.record().restored()).isTrue();
      assertThat(e.record().fromImage()).isEqualTo(CURRENT);
      assertThat(e.record().toImage()).isEqualTo(SLOW);
    });
    assertThat(JarProcess.run(dir, "audit", "verify", drill.evidenceLog(dir).toString()).exitCode()).isZero();
  }

  @Test
  void recoverWhoseRestoreCannotFinish_exits1AndKeepsTheMarker_thenASecondRecoverFinishesIt() throws Exception {
    String name = "stuck-api";
    // Both releases are slow to become ready: the recovery's restore cannot finish within a 2 s rollout timeout.
    workloads.deploy(Release.of(NS, name, SLOW).withPodAnnotation(READY_DELAY, "6s"),
        Release.of(NS, name, CURRENT).withPodAnnotation(READY_DELAY, "5s"));
    PodTemplateSpec original = deployment(name).getSpec().getTemplate();
    RealDrill drill = RealDrill.of(plane, NS, name, "previous").withTimeouts("{ rollout: 8s, health: 3s }")
        .withTopLevel("scheduler:\n  leaseDuration: 3s\n");
    Path config = drill.writeConfig(dir);
    // Killed on this host: its process is gone, so recovery needs no wait at all. The rollout it started goes on
    // to the slow release, so rolling forward again takes longer than the impatient recovery allows.
    killedMidRollout(name, config, Map.of());
    workloads.awaitRolledOut(NS, name);

    Path impatient = dir.resolve("impatient");
    java.nio.file.Files.createDirectories(impatient);
    CliRun first = JarProcess.run(impatient, "recover", "--config",
        drill.withTimeouts("{ rollout: 2s, health: 3s }").writeConfig(impatient).toString(), "--output", "json");

    assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(1);
    JsonNode found = first.json().get("found").get(0);
    assertThat(found.get("outcome").asText()).isEqualTo("NOT_RESTORED");
    assertThat(deployment(name).getMetadata().getAnnotations()).as("the marker stays for the next attempt")
        .containsKey(InProgressMarker.ANNOTATION);

    CliRun second = JarProcess.run(dir, "recover", "--config", config.toString(), "--output", "json");

    assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
    assertThat(second.json().get("found").get(0).get("outcome").asText()).isEqualTo("RECOVERED");
    Deployment after = deployment(name);
    assertThat(after.getSpec().getTemplate()).isEqualTo(original);
    assertThat(after.getMetadata().getAnnotations()).doesNotContainKey(InProgressMarker.ANNOTATION);
    assertThat(EvidenceLogReader.readAll(drill.evidenceLog(dir))).singleElement()
        .satisfies(e -> assertThat(e.record().verdict()).isEqualTo(Verdict.ABORTED));
  }

  @Test
  void controlPlaneKilledMidDrill_andRestarted_theDrillStillRestoresAndTellsTheTruth() throws Exception {
    String name = "outage-api";
    PodTemplateSpec original = slowHistory(name, "4s");
    RealDrill drill = RealDrill.of(plane, NS, name, "previous").withTimeouts("{ rollout: 2m, health: 1m }");
    Path config = drill.writeConfig(dir);

    List<String> output = new CopyOnWriteArrayList<>();
    Process running = JarProcess.startUntil(line -> line.contains("] rollout    ..."), output,
        "drill", name, "--config", config.toString());
    try {
      plane.kill();
      Thread.sleep(2_000); // an outage the drill must ride out, not a timing assertion
    } finally {
      plane.restart();
    }
    assertThat(running.waitFor(4, TimeUnit.MINUTES)).as(String.join("\n", output)).isTrue();

    Deployment after = deployment(name);
    assertThat(after.getSpec().getTemplate()).as("staging restored").isEqualTo(original);
    assertThat(after.getMetadata().getAnnotations()).doesNotContainKey(InProgressMarker.ANNOTATION);
    workloads.awaitRolledOut(NS, name);
    List<EvidenceEntry> entries = EvidenceLogReader.readAll(drill.evidenceLog(dir));
    assertThat(entries).singleElement().satisfies(e -> {
      assertThat(e.record().restored()).isTrue();
      // Whatever the verdict, it must match the exit code and, when PASS, a recovery was really measured.
      int expectedExit = switch (e.record().verdict()) {
        case PASS -> 0;
        case FAIL -> 1;
        default -> 3;
      };
      assertThat(running.exitValue()).as(String.join("\n", output)).isEqualTo(expectedExit);
      if (e.record().verdict() == Verdict.PASS) {
        assertThat(e.record().recovery()).isNotNull();
        assertThat(e.record().toImage()).isEqualTo(SLOW);
      }
    });
    assertThat(JarProcess.run(dir, "audit", "verify", drill.evidenceLog(dir).toString()).exitCode()).isZero();
  }

  @Test
  void secondDrillOfAHeldTarget_isSkipped_andTheFirstPasses() throws Exception {
    String name = "contended-api";
    slowHistory(name, "4s");
    RealDrill drill = RealDrill.of(plane, NS, name, "previous");
    Path config = drill.writeConfig(dir);

    List<String> output = new CopyOnWriteArrayList<>();
    Process first = JarProcess.startUntil(line -> line.contains("] rollout    ..."), output,
        "drill", name, "--config", config.toString());
    CliRun second = JarProcess.run(dir, "drill", name, "--config", config.toString(), "--output", "json");

    assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(3);
    assertThat(second.json().get("verdict").asText()).isEqualTo("SKIPPED");
    assertThat(first.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(first.exitValue()).as(String.join("\n", output)).isZero();
    assertThat(EvidenceLogReader.readAll(drill.evidenceLog(dir))).extracting(e -> e.record().verdict())
        .containsExactlyInAnyOrder(Verdict.SKIPPED, Verdict.PASS);
  }

  /**
   * Fencing: a drill whose connection to kube-apiserver stalls (a partition: requests hang, nothing is refused) past
   * its Lease's renew deadline stops changing the target; {@code drillbook recover} from another host judges the
   * Lease lapsed, takes it over and restores; when the partition heals the drill writes nothing more and says why.
   */
  @Test
  void drillPartitionedPastItsRenewDeadline_makesNoFurtherChangeOnceItHeals_whileRecoverRestores() throws Exception {
    String name = "fenced-api";
    PodTemplateSpec original = slowHistory(name, "6s");
    RealDrill drill = RealDrill.of(plane, NS, name, "previous")
        .withTimeouts("{ rollout: 2m, health: 30s, restore: 2m }").withTopLevel("scheduler:\n  leaseDuration: 3s\n");
    Path config = drill.writeConfig(dir);

    try (TcpProxy proxy = TcpProxy.to(URI.create(plane.server()))) {
      Path proxied = dir.resolve("proxied.kubeconfig");
      Files.writeString(proxied, Files.readString(plane.drillbookKubeconfig())
          .replace(plane.server(), proxy.in(plane.server())));
      List<String> output = new CopyOnWriteArrayList<>();
      Process running = JarProcess.startUntil(Map.of("HOSTNAME", "cronjob-pod-b"),
          line -> line.contains("] rollout    ..."), output, "drill", name, "--config", config.toString(),
          "--kubeconfig", proxied.toString());
      proxy.stall();

      CliRun recover = JarProcess.run(Map.of("HOSTNAME", "operator-host"), dir, "recover", "--config",
          config.toString(), "--output", "json");

      assertThat(recover.exitCode()).as(recover.out() + recover.err()).isZero();
      JsonNode found = recover.json().get("found").get(0);
      assertThat(found.get("outcome").asText()).isEqualTo("RECOVERED");
      assertThat(found.get("message").asText()).contains("(lock: not renewed for 3 s, its lease duration, as "
          + "observed here)");
      workloads.awaitRolledOut(NS, name);
      Deployment recovered = deployment(name);
      assertThat(recovered.getSpec().getTemplate()).isEqualTo(original);

      proxy.resume();
      assertThat(running.waitFor(3, TimeUnit.MINUTES)).as(String.join("\n", output)).isTrue();

      assertThat(running.exitValue()).as(String.join("\n", output)).isEqualTo(3);
      Deployment after = deployment(name);
      assertThat(after.getMetadata().getGeneration()).as("no spec write by the fenced drill")
          .isEqualTo(recovered.getMetadata().getGeneration());
      assertThat(after.getMetadata().getAnnotations()).doesNotContainKey(InProgressMarker.ANNOTATION);
      assertThat(after.getSpec().getTemplate()).isEqualTo(original);
      List<EvidenceEntry> entries = EvidenceLogReader.readAll(drill.evidenceLog(dir));
      assertThat(entries).extracting(e -> e.record().verdict()).containsExactly(Verdict.ABORTED, Verdict.ABORTED);
      assertThat(entries.get(0).record().reason()).startsWith("recovered by drillbook recover: ");
      assertThat(entries.get(1).record().reason())
          .contains("the target's lock (Lease) could not be renewed within its renew deadline")
          .contains("not restored by this drill: another process (crash recovery) took the target's lock over");
      assertThat(JarProcess.run(dir, "audit", "verify", drill.evidenceLog(dir).toString()).exitCode()).isZero();
    }
  }

  /**
   * The daemon recovers by itself: {@code drillbook schedule} runs, a drill of one of its targets is killed on another
   * host with its deadline over an hour away, and the daemon's periodic recovery restores staging once the Lease lapses.
   */
  @Test
  void drillKilledOnAnotherHost_isRestoredByTheRunningDaemonOnceItsLeaseLapses() throws Exception {
    String name = "daemon-api";
    PodTemplateSpec original = slowHistory(name, "6s");
    RealDrill drill = RealDrill.of(plane, NS, name, "previous").withTimeouts("{ rollout: 30m, health: 30s }")
        .withTopLevel("scheduler:\n  leaseDuration: 3s\n");
    Path config = drill.writeConfig(dir);
    // Scheduled once a year: the daemon only looks after the target during the test.
    Files.writeString(config, Files.readString(config) + "    schedule: \"0 0 4 1 1 ?\"\n");

    List<String> daemonOutput = new CopyOnWriteArrayList<>();
    Process daemon = JarProcess.startUntil(Map.of("HOSTNAME", "scheduler-0"), "ready"::equals, daemonOutput,
        "schedule", "--config", config.toString(), "--port", "0");
    try {
      List<String> drillOutput = new CopyOnWriteArrayList<>();
      Process killed = JarProcess.startUntil(Map.of("HOSTNAME", "cronjob-pod-c"),
          line -> line.contains("] rollout    ..."), drillOutput, "drill", name, "--config", config.toString());
      killed.destroyForcibly();
      assertThat(killed.waitFor(1, TimeUnit.MINUTES)).isTrue();
      InProgressMarker marker = InProgressMarker.parse(
          deployment(name).getMetadata().getAnnotations().get(InProgressMarker.ANNOTATION));
      assertThat(marker.deadline()).isAfter(Instant.now().plus(Duration.ofMinutes(60)));

      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
          .until(() -> daemonOutput.stream().anyMatch(l -> l.startsWith("recovered")));

      assertThat(daemonOutput).filteredOn(l -> l.startsWith("recovered")).singleElement().asString()
          .contains(marker.drillId()).contains("(lock: not renewed for 3 s, its lease duration, as observed here)");
      Deployment after = deployment(name);
      assertThat(after.getSpec().getTemplate()).isEqualTo(original);
      assertThat(after.getMetadata().getAnnotations()).doesNotContainKey(InProgressMarker.ANNOTATION);
      assertThat(EvidenceLogReader.readAll(drill.evidenceLog(dir))).singleElement().satisfies(e -> {
        assertThat(e.record().drillId()).isEqualTo(marker.drillId());
        assertThat(e.record().verdict()).isEqualTo(Verdict.ABORTED);
        assertThat(e.record().reason()).startsWith("recovered by drillbook schedule: ");
      });
    } finally {
      daemon.destroy();
      assertThat(daemon.waitFor(1, TimeUnit.MINUTES)).isTrue();
    }
  }

  /** Runs {@code drillbook drill NAME} and kills it with SIGKILL once it is watching its rollout. */
  private static Process killedMidRollout(String name, Path config, Map<String, String> env) throws Exception {
    List<String> output = new CopyOnWriteArrayList<>();
    Process running = JarProcess.startUntil(env, line -> line.contains("] rollout    ..."), output,
        "drill", name, "--config", config.toString());
    running.destroyForcibly();
    assertThat(running.waitFor(1, TimeUnit.MINUTES)).isTrue();
    return running;
  }

  /** Revision 1 (its pods slow to become ready) then revision 2; returns revision 2's template. */
  private PodTemplateSpec slowHistory(String name, String readyDelay) throws Exception {
    workloads.deploy(Release.of(NS, name, SLOW).withPodAnnotation(READY_DELAY, readyDelay),
        Release.of(NS, name, CURRENT));
    return deployment(name).getSpec().getTemplate();
  }

  private Deployment deployment(String name) {
    try (KubernetesClient admin = plane.admin()) {
      return admin.apps().deployments().inNamespace(NS).withName(name).get();
    }
  }

  private static String image(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }
}
