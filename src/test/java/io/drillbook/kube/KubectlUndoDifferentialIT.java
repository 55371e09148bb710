package io.drillbook.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drillbook.config.TargetConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.ClusterException;
import io.drillbook.drill.PreflightException;
import io.drillbook.drill.RollbackPlan;
import io.drillbook.drill.RolloutOutcome;
import io.drillbook.drill.UndoResult;
import io.drillbook.realcluster.Kubectl;
import io.drillbook.realcluster.RealControlPlane;
import io.drillbook.realcluster.RealControlPlaneExtension;
import io.drillbook.realcluster.ShippedRole;
import io.drillbook.realcluster.Workloads;
import io.drillbook.realcluster.Workloads.Release;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * drillbook's rollback against real {@code kubectl rollout undo}, on the real control plane. Each case sets up the
 * same history in two namespaces, rolls one back through {@link KubernetesCluster} (fabric8 over HTTP, as the
 * drillbook ServiceAccount) and the other with kubectl (same identity), lets the real Deployment controller act on
 * both, and requires the two to end alike: the Deployment (spec, annotations, generation, status) and every
 * ReplicaSet (name, revision, revision-history, replicas). Where kubectl refuses or skips, drillbook must say the
 * same. During each rollout every Deployment object the watch delivers is judged by {@link RolloutStatus} and by
 * kubectl's own status viewer (the Go code {@code kubectl rollout status} runs, through
 * {@code testcluster rollout-status}), which must agree object by object.
 */
@ExtendWith(RealControlPlaneExtension.class)
class KubectlUndoDifferentialIT {
  private static final String NAME = "checkout-api";
  private static final String V1 = "registry.example.com/checkout/api:2.3.0";
  private static final String V2 = "registry.example.com/checkout/api:2.4.0";
  private static final String V3 = "registry.example.com/checkout/api:2.5.0";
  private static final String PROXY_A = "registry.example.com/mesh/proxy:1.20.1";
  private static final String PROXY_B = "registry.example.com/mesh/proxy:1.21.0";
  private static final String BROKEN = "registry.example.com/checkout/api:broken";
  private static final AtomicInteger CASES = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();

  private RealControlPlane plane;
  private Workloads workloads;
  private Kubectl kubectlAsDrillbook;
  private KubernetesCluster drillbook;
  private String dbNs;
  private String kcNs;

  @BeforeEach
  void connect(RealControlPlane plane) throws Exception {
    this.plane = plane;
    this.workloads = new Workloads(Kubectl.admin(plane));
    this.kubectlAsDrillbook = new Kubectl(plane.kubectl(), plane.drillbookKubeconfig());
    this.drillbook = new KubernetesCluster(KubeClients.connect(plane.drillbookKubeconfig(), null), System::nanoTime,
        "the real control plane");
    int n = CASES.incrementAndGet();
    dbNs = "undo-" + n + "-drillbook";
    kcNs = "undo-" + n + "-kubectl";
    for (String ns : List.of(dbNs, kcNs)) {
      workloads.createNamespace(ns);
      ShippedRole.grant(plane, ns);
    }
  }

  @AfterEach
  void close() {
    drillbook.close();
  }

  @Test
  void previousRevision() throws Exception {
    history(Release.of(dbNs, NAME, V1), Release.of(dbNs, NAME, V2));
    undoBothAndCompare(OptionalLong.empty());
  }

  @Test
  void toRevisionOneOfThree() throws Exception {
    history(Release.of(dbNs, NAME, V1), Release.of(dbNs, NAME, V2), Release.of(dbNs, NAME, V3));
    undoBothAndCompare(OptionalLong.of(1));
  }

  @Test
  void twoUndosInARow_reuseRevisionsAndKeepRevisionHistory() throws Exception {
    history(Release.of(dbNs, NAME, V1), Release.of(dbNs, NAME, V2), Release.of(dbNs, NAME, V3));
    undoBothAndCompare(OptionalLong.of(1));
    undoBothAndCompare(OptionalLong.empty());
    undoBothAndCompare(OptionalLong.of(2));
  }

  @Test
  void severalContainers_onlyOneChanging() throws Exception {
    history(Release.of(dbNs, NAME, V1).withImages(V1, PROXY_A), Release.of(dbNs, NAME, V2).withImages(V2, PROXY_A),
        Release.of(dbNs, NAME, V2).withImages(V2, PROXY_B));
    undoBothAndCompare(OptionalLong.empty());
    undoBothAndCompare(OptionalLong.of(1));
  }

  @Test
  void changeCauseComesBackFromTheTargetReplicaSet() throws Exception {
    history(Release.of(dbNs, NAME, V1).withChangeCause("release 2.3.0 (ticket CHK-101)"),
        Release.of(dbNs, NAME, V2).withChangeCause("release 2.4.0 (ticket CHK-117)"));
    undoBothAndCompare(OptionalLong.empty());
    assertThat(deployment(dbNs).getMetadata().getAnnotations())
        .containsEntry("kubernetes.io/change-cause", "release 2.3.0 (ticket CHK-101)");
  }

  @Test
  void revisionThatOnlyChangedAPodAnnotation_asRolloutRestartMakes() throws Exception {
    history(Release.of(dbNs, NAME, V1),
        Release.of(dbNs, NAME, V1).withPodAnnotation("kubectl.kubernetes.io/restartedAt", "2026-12-01T09:30:00Z"));
    // Deliberately unlike kubectl, a drill's 'previous' skips what a restart made (same release): nothing to drill.
    assertThatThrownBy(() -> drillbook.plan(target(), OptionalLong.empty())).isInstanceOf(PreflightException.class)
        .hasMessageContaining("runs the same release, differing only by a restart");
    // Asked for by number, the undo itself is kubectl's, byte for byte.
    undoBothAndCompare(OptionalLong.of(1));
    assertThat(deployment(dbNs).getSpec().getTemplate().getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void targetEqualToCurrent_isSkippedInKubectlsWords() throws Exception {
    history(Release.of(dbNs, NAME, V1), Release.of(dbNs, NAME, V2));
    ObjectNode before = snapshot(dbNs);

    UndoResult ours = drillbook.undo(target(), 2);
    Kubectl.Result theirs = kubectlUndo(OptionalLong.of(2)).ok();

    assertThat(ours.skipped()).isTrue();
    assertThat(theirs.out().trim()).isEqualTo("deployment.apps/" + NAME + " " + ours.message());
    assertThat(snapshot(dbNs)).isEqualTo(before);
    assertThat(snapshot(kcNs)).isEqualTo(before);
  }

  @Test
  void missingRevision_isRefusedInKubectlsWords() throws Exception {
    history(Release.of(dbNs, NAME, V1), Release.of(dbNs, NAME, V2));

    Kubectl.Result theirs = kubectlUndo(OptionalLong.of(9));

    assertThat(theirs.exitCode()).isNotZero();
    assertThatThrownBy(() -> drillbook.undo(target(), 9)).isInstanceOf(ClusterException.class)
        .hasMessage(kubectlError(theirs));
    assertThatThrownBy(() -> drillbook.plan(target(), OptionalLong.of(9))).isInstanceOf(PreflightException.class)
        .hasMessageEndingWith(kubectlError(theirs));
  }

  @Test
  void pausedDeployment_isRefusedInKubectlsWords() throws Exception {
    history(Release.of(dbNs, NAME, V1), Release.of(dbNs, NAME, V2), Release.of(dbNs, NAME, V2).pausedRollout());

    Kubectl.Result theirs = kubectlUndo(OptionalLong.of(1));

    assertThat(theirs.exitCode()).isNotZero();
    assertThatThrownBy(() -> drillbook.undo(target(), 1)).isInstanceOf(ClusterException.class)
        .hasMessage(kubectlError(theirs));
  }

  @Test
  void singleRevision_hasNoHistoryToRollBackTo() throws Exception {
    history(Release.of(dbNs, NAME, V1));

    Kubectl.Result theirs = kubectlUndo(OptionalLong.empty());

    assertThat(theirs.exitCode()).isNotZero();
    assertThatThrownBy(() -> drillbook.plan(target(), OptionalLong.empty())).isInstanceOf(PreflightException.class)
        .hasMessageContaining(kubectlError(theirs));
  }

  @Test
  void progressDeadline_isJudgedAsKubectlJudgesIt_objectByObject() throws Exception {
    history(Release.of(dbNs, NAME, V1).withProgressDeadlineSeconds(5),
        Release.of(dbNs, NAME, V2).withProgressDeadlineSeconds(5));
    List<Deployment> seen = new CopyOnWriteArrayList<>();
    try (KubernetesClient admin = plane.admin(); Watch watch = record(admin, dbNs, seen)) {
      workloads.apply(Release.of(dbNs, NAME, BROKEN).withProgressDeadlineSeconds(5));
      RolloutOutcome outcome = drillbook.awaitRollout(target(), Duration.ofMinutes(1), new Abort());
      assertThat(outcome.state()).isEqualTo(RolloutOutcome.State.FAILED);
      // drillbook's own watch may see the failing status before the recording watch does: let it arrive too.
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream()
          .anyMatch(d -> d.getStatus() != null && d.getStatus().getConditions() != null && d.getStatus()
              .getConditions().stream().anyMatch(c -> "ProgressDeadlineExceeded".equals(c.getReason()))));
    }
    assertThat(kubectlVerdicts(seen)).anyMatch(v -> v.path("error").asText().contains("exceeded its progress deadline"));
  }

  /** The same releases, applied in both namespaces. */
  private void history(Release... releases) throws Exception {
    for (String ns : List.of(dbNs, kcNs)) {
      workloads.deploy(java.util.Arrays.stream(releases).map(r -> r.in(ns)).toArray(Release[]::new));
      // A paused apply is not waited for by rollout status; let the controller observe it before comparing.
      await().atMost(Duration.ofMinutes(1)).until(() -> {
        Deployment d = deployment(ns);
        return d.getStatus() != null && d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration());
      });
    }
    assertThat(snapshot(kcNs)).as("both copies start alike").isEqualTo(snapshot(dbNs));
  }

  /** One undo each way, both rollouts awaited, and the two namespaces compared. */
  private void undoBothAndCompare(OptionalLong toRevision) throws Exception {
    List<Deployment> seen = new CopyOnWriteArrayList<>();
    RolloutOutcome outcome;
    long generationBefore = deployment(dbNs).getMetadata().getGeneration();
    try (KubernetesClient admin = plane.admin(); Watch watch = record(admin, dbNs, seen)) {
      RollbackPlan plan = drillbook.plan(target(), toRevision);
      UndoResult undo = drillbook.undo(target(), plan.toRevision());
      assertThat(undo.skipped()).as(undo.message()).isFalse();
      outcome = drillbook.awaitRollout(target(), Duration.ofMinutes(2), new Abort());
      // The recording watch is a connection of its own: let it deliver the completing object too.
      await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream()
          .anyMatch(d -> d.getMetadata().getGeneration() > generationBefore && RolloutStatus.of(d).done()));
    }
    kubectlUndo(toRevision).ok();
    Kubectl.Result status = kubectlAsDrillbook.run("-n", kcNs, "rollout", "status", "deployment/" + NAME,
        "--timeout=120s").ok();

    assertThat(outcome.state()).isEqualTo(RolloutOutcome.State.COMPLETE);
    assertThat(lastLine(status.out())).isEqualTo(outcome.message());
    assertThat(snapshot(dbNs)).isEqualTo(snapshot(kcNs));
    assertThat(outcome.revision()).isEqualTo(Long.parseLong(
        deployment(kcNs).getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")));

    List<JsonNode> verdicts = kubectlVerdicts(seen);
    for (int i = 0; i < seen.size(); i++) {
      RolloutStatus ours = RolloutStatus.of(seen.get(i));
      JsonNode theirs = verdicts.get(i);
      String theirMessage = theirs.path("error").asText().isEmpty() ? theirs.get("message").asText()
          : theirs.get("error").asText();
      assertThat(ours.message()).as("object %d (resourceVersion %s)", i, seen.get(i).getMetadata().getResourceVersion())
          .isEqualTo(theirMessage);
      assertThat(ours.done()).isEqualTo(theirs.get("done").asBoolean());
    }
    List<Deployment> afterUndo = seen.stream().filter(d -> d.getMetadata().getGeneration() > generationBefore).toList();
    assertThat(afterUndo).as("objects of the rollback's rollout").isNotEmpty();
    assertThat(RolloutStatus.of(afterUndo.get(0)).done()).as("the first is not done yet").isFalse();
    int firstDoneAfterUndoOurs = seen.indexOf(afterUndo.stream().filter(d -> RolloutStatus.of(d).done()).findFirst()
        .orElseThrow());
    int firstDoneAfterUndoKubectl = -1;
    for (int i = seen.indexOf(afterUndo.get(0)); i < seen.size() && firstDoneAfterUndoKubectl < 0; i++) {
      if (verdicts.get(i).get("done").asBoolean()) {
        firstDoneAfterUndoKubectl = i;
      }
    }
    assertThat(firstDoneAfterUndoOurs).as("the object that completes the rollback's rollout (resourceVersion %s)",
        seen.get(firstDoneAfterUndoOurs).getMetadata().getResourceVersion()).isEqualTo(firstDoneAfterUndoKubectl);
  }

  private Kubectl.Result kubectlUndo(OptionalLong toRevision) throws Exception {
    List<String> args = new ArrayList<>(List.of("-n", kcNs, "rollout", "undo", "deployment/" + NAME));
    toRevision.ifPresent(r -> args.add("--to-revision=" + r));
    return kubectlAsDrillbook.run(args.toArray(String[]::new));
  }

  /** Every Deployment object the watch delivers from now on, in order. */
  private static Watch record(KubernetesClient admin, String ns, List<Deployment> seen) {
    return admin.apps().deployments().inNamespace(ns).withName(NAME).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Deployment deployment) {
        if (action == Action.ADDED || action == Action.MODIFIED) {
          seen.add(deployment);
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
  }

  /** What kubectl's DeploymentStatusViewer says of each object, one JSON verdict each. */
  private List<JsonNode> kubectlVerdicts(List<Deployment> objects) throws Exception {
    Path binary = plane.kubectl().resolveSibling("testcluster");
    Process process = new ProcessBuilder(binary.toString(), "rollout-status").redirectErrorStream(false).start();
    try (var in = process.getOutputStream()) {
      for (Deployment d : objects) {
        in.write((Serialization.asJson(d).replace("\n", "") + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(err).isZero();
    List<JsonNode> verdicts = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        verdicts.add(JSON.readTree(line));
      }
    }
    assertThat(verdicts).hasSameSizeAs(objects);
    return verdicts;
  }

  /**
   * What must end alike in both namespaces: the Deployment without identity, timestamps and the namespace itself,
   * and each ReplicaSet it owns (names come from the template hash, so they are equal too).
   */
  private ObjectNode snapshot(String ns) {
    try (KubernetesClient admin = plane.admin()) {
      Deployment d = admin.apps().deployments().inNamespace(ns).withName(NAME).get();
      ObjectNode out = JSON.createObjectNode();
      ObjectNode annotations = JSON.valueToTree(d.getMetadata().getAnnotations());
      annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
      out.set("annotations", annotations);
      out.put("generation", d.getMetadata().getGeneration());
      out.set("spec", JSON.valueToTree(d.getSpec()));
      ObjectNode status = JSON.valueToTree(d.getStatus());
      for (JsonNode c : status.path("conditions")) {
        ((ObjectNode) c).remove(List.of("lastTransitionTime", "lastUpdateTime", "message"));
      }
      out.set("status", status);
      ArrayNode sets = out.putArray("replicaSets");
      admin.apps().replicaSets().inNamespace(ns).withLabel("app", NAME).list().getItems().stream()
          .sorted(Comparator.comparing((ReplicaSet rs) -> rs.getMetadata().getName()))
          .forEach(rs -> sets.addObject()
              .put("name", rs.getMetadata().getName())
              .put("revision", rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))
              .put("revisionHistory", rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision-history"))
              .put("changeCause", rs.getMetadata().getAnnotations().get("kubernetes.io/change-cause"))
              .put("replicas", rs.getSpec().getReplicas()));
      return out;
    }
  }

  private Deployment deployment(String ns) {
    try (KubernetesClient admin = plane.admin()) {
      return admin.apps().deployments().inNamespace(ns).withName(NAME).get();
    }
  }

  private TargetConfig target() {
    return new TargetConfig(null, plane.drillbookKubeconfig(), dbNs, NAME);
  }

  /**
   * kubectl's error line without its {@code error: } prefix; the Warning it prints first (the Deployment was
   * applied with {@code kubectl apply}, whose last-applied annotation an undo does not update) is not part of it.
   */
  private static String kubectlError(Kubectl.Result result) {
    return result.err().lines().filter(l -> l.startsWith("error: ")).reduce((a, b) -> b).orElseThrow()
        .substring("error: ".length());
  }

  private static String lastLine(String text) {
    String[] lines = text.trim().split("\n");
    return lines[lines.length - 1].trim();
  }
}
