package io.drillbook.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.cli.CliRun;
import io.drillbook.cli.JarProcess;
import io.drillbook.realcluster.Workloads.Release;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.SeedDeployment;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox held to the real thing: the same drill, on the same two-revision history, once against the embedded
 * sandbox and once against the real control plane, must leave the same revision numbers and Deployment annotations and
 * pass through the same sequence of Deployment status conditions (type, status, reason) from the first change to the
 * restored rollout, in the pass scenario and in the fail scenario (the previous release never becomes ready, the
 * controller reports {@code ProgressDeadlineExceeded}).
 */
@ExtendWith(RealControlPlaneExtension.class)
class SandboxFidelityIT {
  private static final String NS = RealControlPlane.ROLE_NAMESPACE;
  private static final int REPLICAS = 3;
  private static final Duration SANDBOX_STEP = Duration.ofSeconds(1);
  // The sandbox's deadline is its step times (replicas + 2); the real controller gets the same in whole seconds.
  private static final int DEADLINE_SECONDS = (int) SANDBOX_STEP.multipliedBy(REPLICAS + 2).toSeconds();
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  @TempDir Path dir;
  private RealControlPlane plane;
  private Workloads workloads;

  @BeforeEach
  void connect(RealControlPlane plane) {
    this.plane = plane;
    this.workloads = new Workloads(Kubectl.admin(plane));
  }

  @Test
  void passScenario_sandboxAndRealControllerWalkTheSameConditionsAndEndOnTheSameRevisions() throws Exception {
    Side real = onRealPlane("fidelity-pass", "registry.example.com/fidelity/api:3.1.0",
        "registry.example.com/fidelity/api:3.2.0");
    Side sandbox = onSandbox("fidelity-pass", "registry.example.com/fidelity/api:3.1.0",
        "registry.example.com/fidelity/api:3.2.0", Set.of());

    assertThat(real.result.get("verdict").asText()).isEqualTo("PASS");
    assertAlike(sandbox, real);
  }

  @Test
  void failScenario_sandboxAndRealControllerReportTheSameProgressDeadlineAndRestoreAlike() throws Exception {
    String broken = "registry.example.com/fidelity/worker:broken";
    Side real = onRealPlane("fidelity-fail", broken, "registry.example.com/fidelity/worker:3.2.0");
    Side sandbox = onSandbox("fidelity-fail", broken, "registry.example.com/fidelity/worker:3.2.0", Set.of(broken));

    assertThat(real.result.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(real.trail).anySatisfy(step -> assertThat(step.conditions())
        .contains("Progressing=False/ProgressDeadlineExceeded"));
    assertAlike(sandbox, real);
  }

  @Test
  void mergePatchWithNull_removesTheKeyOnTheSandboxAsOnTheRealApiServer() throws Exception {
    String name = "fidelity-patch";
    String image = "registry.example.com/fidelity/web:1.0.0";
    String add = "{\"metadata\":{\"annotations\":{\"team\":\"payments\",\"note\":\"drill me\"}},"
        + "\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"sidecar\":\"off\"}}}}}";
    String remove = "{\"metadata\":{\"annotations\":{\"note\":null}},"
        + "\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"sidecar\":null}}}}}";
    workloads.deploy(release(name, image));
    Deployment real;
    try (KubernetesClient admin = plane.admin()) {
      real = mergePatched(admin, name, add, remove);
    }
    SandboxOptions options = SandboxOptions.defaults().withReplicas(REPLICAS).withRolloutDelay(SANDBOX_STEP)
        .withSeeds(List.of(SeedDeployment.of(NS, name, name, List.of(image))));
    Deployment sandboxed;
    try (Sandbox sandbox = Sandbox.start(options)) {
      sandboxed = mergePatched(sandbox.client(), name, add, remove);
    }

    Map<String, String> realAnnotations = new TreeMap<>(real.getMetadata().getAnnotations());
    realAnnotations.remove(LAST_APPLIED);
    assertThat(realAnnotations).containsEntry("team", "payments").doesNotContainKey("note");
    assertThat(new TreeMap<>(sandboxed.getMetadata().getAnnotations())).isEqualTo(realAnnotations);
    assertThat(sandboxed.getSpec().getTemplate().getMetadata().getAnnotations())
        .as("a map left empty by the patch").isEqualTo(real.getSpec().getTemplate().getMetadata().getAnnotations());
    assertThat(sandboxed.getMetadata().getGeneration() - 1).as("generations the two patches added")
        .isEqualTo(real.getMetadata().getGeneration() - 1);
  }

  /** Applies the patches in turn, each once the controller has seen the previous one, and returns the result. */
  private static Deployment mergePatched(KubernetesClient client, String name, String... patches) {
    var deployment = client.apps().deployments().inNamespace(NS).withName(name);
    for (String patch : patches) {
      deployment.patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      await().atMost(Duration.ofSeconds(30)).until(() -> settled(deployment.get()));
    }
    return deployment.get();
  }

  private static boolean settled(Deployment d) {
    return d.getStatus() != null && d.getStatus().getObservedGeneration() != null
        && d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration();
  }

  private static void assertAlike(Side sandbox, Side real) {
    assertThat(sandbox.result.get("verdict").asText()).as("verdict").isEqualTo(real.result.get("verdict").asText());
    for (String field : List.of("fromRevision", "toRevision", "fromImage", "toImage", "restored")) {
      assertThat(sandbox.result.get(field)).as(field).isEqualTo(real.result.get(field));
    }
    assertThat(sandbox.annotations).as("final Deployment annotations").isEqualTo(real.annotations);
    assertThat(sandbox.replicaSetRevisions).as("ReplicaSet revision per image").isEqualTo(real.replicaSetRevisions);
    List<StatusTrail.Step> sandboxSteps = withoutPassingUpdates(sandbox.trail);
    List<StatusTrail.Step> realSteps = withoutPassingUpdates(real.trail);
    assertThat(sandboxSteps).as("status steps, sandbox (expected: real control plane's)\nsandbox: %s\nreal:    %s",
        sandbox.trail, real.trail).isEqualTo(realSteps);
  }

  /**
   * Drops a {@code ReplicaSetUpdated} step between the same revision's {@code ProgressDeadlineExceeded} and its
   * {@code NewReplicaSetAvailable}: the restore after a failed rollout. Rolling back onto a ReplicaSet that is already fully available, the real controller writes that passing step or
   * not, depending on whether the old pods were gone by its next sync (seen both ways on the same commit), so it is
   * timing, not behaviour.
   */
  private static List<StatusTrail.Step> withoutPassingUpdates(List<StatusTrail.Step> steps) {
    List<StatusTrail.Step> kept = new java.util.ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      StatusTrail.Step step = steps.get(i);
      boolean passing = i > 0 && i + 1 < steps.size() && step.conditions().contains("Progressing=True/ReplicaSetUpdated")
          && steps.get(i - 1).revision().equals(step.revision())
          && steps.get(i - 1).conditions().contains("Progressing=False/ProgressDeadlineExceeded")
          && steps.get(i + 1).revision().equals(step.revision())
          && steps.get(i + 1).conditions().contains("Progressing=True/NewReplicaSetAvailable");
      if (!passing) {
        kept.add(step);
      }
    }
    return kept;
  }

  private record Side(JsonNode result, Map<String, String> annotations, Map<String, String> replicaSetRevisions,
      List<StatusTrail.Step> trail) {}

  private Side onRealPlane(String name, String previous, String current) throws Exception {
    workloads.deploy(release(name, previous), release(name, current));
    try (KubernetesClient admin = plane.admin()) {
      return drill(admin, name, plane.drillbookKubeconfig(), plane.healthUrl(NS, name), "real");
    }
  }

  private Release release(String name, String image) {
    return Release.of(NS, name, image).withReplicas(REPLICAS).withProgressDeadlineSeconds(DEADLINE_SECONDS);
  }

  private Side onSandbox(String name, String previous, String current, Set<String> broken) throws Exception {
    SandboxOptions options = SandboxOptions.defaults().withReplicas(REPLICAS).withRolloutDelay(SANDBOX_STEP)
        .withSeeds(List.of(SeedDeployment.of(NS, name, name, List.of(previous, current)))).withBrokenImages(broken);
    try (Sandbox sandbox = Sandbox.start(options)) {
      Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("sandbox.kubeconfig"));
      return drill(sandbox.client(), name, kubeconfig, sandbox.healthUrl(NS, name), "sandbox");
    }
  }

  private Side drill(KubernetesClient client, String name, Path kubeconfig, String healthUrl, String side)
      throws Exception {
    Path work = Files.createDirectories(dir.resolve(side));
    Path config = Files.writeString(work.resolve("drill.yaml"), """
        drills:
          - name: %s
            environment: staging
            target: { kubeconfig: %s, namespace: %s, deployment: %s }
            objective: 1m
            health: { url: '%s' }
            timeouts: { rollout: 1m, health: 30s }
            evidenceLog: %s.md
        """.formatted(name, kubeconfig, NS, name, healthUrl, name));
    try (StatusTrail trail = StatusTrail.record(client, NS, name)) {
      CliRun run = JarProcess.run(work, "drill", name, "--config", config.toString(), "--output", "json");
      assertThat(run.exitCode()).as(side + ": " + run.err()).isIn(0, 1);
      // The restore waits for "rolled out"; the controller's last status write may follow the drill's exit.
      await().atMost(Duration.ofSeconds(30)).until(() -> settled(trail.steps()));
      Deployment after = client.apps().deployments().inNamespace(NS).withName(name).get();
      Map<String, String> annotations = new TreeMap<>(after.getMetadata().getAnnotations());
      annotations.remove(LAST_APPLIED);
      Map<String, String> revisions = new TreeMap<>();
      for (ReplicaSet rs : client.apps().replicaSets().inNamespace(NS).withLabel("app", name).list().getItems()) {
        revisions.put(rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
            rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
      }
      return new Side(run.json(), annotations, revisions, trail.steps());
    }
  }

  private static boolean settled(List<StatusTrail.Step> steps) {
    StatusTrail.Step last = steps.get(steps.size() - 1);
    return steps.size() > 1 && last.conditions().contains("Progressing=True/NewReplicaSetAvailable")
        && last.conditions().contains("Available=True/MinimumReplicasAvailable");
  }
}
