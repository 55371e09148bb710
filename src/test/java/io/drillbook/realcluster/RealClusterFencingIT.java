package io.drillbook.realcluster;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fencing on the real control plane: a drill process whose connection to kube-apiserver stalls (a partition: its
 * requests hang, nothing is refused) past its Lease's renew deadline stops changing the target; {@code drillbook
 * recover} from another host judges the Lease lapsed, takes it over and restores; when the partition heals the drill
 * writes nothing more and says why.
 */
@ExtendWith(RealControlPlaneExtension.class)
class RealClusterFencingIT {
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
  void aPartitionedDrillWhoseLeaseWasTakenOverMakesNoFurtherChangeOnceItHeals() throws Exception {
    String name = "fenced-api";
    workloads.deploy(Release.of(NS, name, SLOW).withPodAnnotation(READY_DELAY, "6s"), Release.of(NS, name, CURRENT));
    PodTemplateSpec original = deployment(name).getSpec().getTemplate();
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

  private Deployment deployment(String name) {
    try (KubernetesClient admin = plane.admin()) {
      return admin.apps().deployments().inNamespace(NS).withName(name).get();
    }
  }
}
