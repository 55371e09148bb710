package io.drillbook.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drillbook.cli.JarProcess;
import io.drillbook.drill.InProgressMarker;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.realcluster.Workloads.Release;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon recovers by itself on the real control plane: {@code drillbook schedule} runs, a {@code drillbook drill}
 * of one of its targets (a CronJob pod, another host) is killed mid-rollout with its deadline over an hour away, and
 * the daemon's periodic recovery restores staging and appends the ABORTED entry once the drill's Lease has lapsed.
 */
@ExtendWith(RealControlPlaneExtension.class)
class RealClusterDaemonRecoveryIT {
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
  void theDaemonRestoresADrillKilledOnAnotherHostOnceItsLeaseLapses() throws Exception {
    String name = "daemon-api";
    workloads.deploy(Release.of(NS, name, SLOW).withPodAnnotation(READY_DELAY, "6s"), Release.of(NS, name, CURRENT));
    PodTemplateSpec original = deployment(name).getSpec().getTemplate();
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

  private Deployment deployment(String name) {
    try (KubernetesClient admin = plane.admin()) {
      return admin.apps().deployments().inNamespace(NS).withName(name).get();
    }
  }
}
