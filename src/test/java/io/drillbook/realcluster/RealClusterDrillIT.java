package io.drillbook.realcluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.cli.CliRun;
import io.drillbook.cli.JarProcess;
import io.drillbook.drill.InProgressMarker;
import io.drillbook.evidence.EvidenceEntry;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.realcluster.Workloads.Release;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drillbook drill} as a real process against the real control plane, as the drillbook ServiceAccount bound to
 * the shipped k8s/base Role (never as admin): the real API server, RBAC, watch and the real Deployment controller's
 * status conditions decide every verdict here.
 */
@ExtendWith(RealControlPlaneExtension.class)
class RealClusterDrillIT {
  private static final String NS = RealControlPlane.ROLE_NAMESPACE;
  private static final String V1 = "registry.example.com/checkout/api:2.3.0";
  private static final String V2 = "registry.example.com/checkout/api:2.4.0";
  private static final String V3 = "registry.example.com/checkout/api:2.5.0";
  private static final String BROKEN = "registry.example.com/checkout/api:broken";

  @TempDir Path dir;
  private RealControlPlane plane;
  private Workloads workloads;
  private AuditLog audit;

  @BeforeEach
  void connect(RealControlPlane plane) {
    this.plane = plane;
    this.workloads = new Workloads(Kubectl.admin(plane));
    this.audit = new AuditLog(plane.auditLog());
  }

  @Test
  void pass_rollsBackThroughTheRealController_andRestoresTheOriginalTemplate() throws Exception {
    String name = "pass-api";
    workloads.deploy(Release.of(NS, name, V1), Release.of(NS, name, V2));
    PodTemplateSpec original = deployment(name).getSpec().getTemplate();

    CliRun run = drill(name, "previous");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode result = run.json();
    assertThat(result.get("verdict").asText()).isEqualTo("PASS");
    assertThat(result.get("fromRevision").asLong()).isEqualTo(2);
    assertThat(result.get("toRevision").asLong()).isEqualTo(1);
    assertThat(result.get("fromImage").asText()).isEqualTo(V2);
    assertThat(result.get("toImage").asText()).isEqualTo(V1);
    assertThat(result.get("restored").asBoolean()).isTrue();
    assertThat(phaseNames(result)).containsExactly("preflight", "rollback", "rollout", "health", "restore");
    assertThat(result.get("recoverySeconds").asDouble()).isPositive();

    Deployment after = deployment(name);
    assertThat(after.getSpec().getTemplate()).isEqualTo(original);
    assertThat(after.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "4")
        .doesNotContainKey(InProgressMarker.ANNOTATION);
    assertThat(replicaSetRevisions(name)).isEqualTo(Map.of(V1, "3", V2, "4"));
    workloads.awaitRolledOut(NS, name);
    try (KubernetesClient admin = plane.admin()) {
      assertThat(admin.leases().inNamespace(NS).withName("drillbook-" + name).get().getSpec().getHolderIdentity())
          .as("the target's lock, released by the drill as the ServiceAccount").isEmpty();
    }

    List<EvidenceEntry> entries = EvidenceLogReader.readAll(dir.resolve(name + ".md"));
    assertThat(entries).singleElement().satisfies(entry -> {
      assertThat(entry.record().drillId()).isEqualTo(result.get("drillId").asText());
      assertThat(entry.record().namespace()).isEqualTo(NS);
      assertThat(entry.record().deployment()).isEqualTo(name);
      assertThat(entry.record().recovery()).isNotNull();
      assertThat(entry.record().fromRevision()).isEqualTo(2);
      assertThat(entry.record().toRevision()).isEqualTo(1);
      assertThat(entry.record().restored()).isTrue();
      assertThat(entry.record().phases()).hasSize(5);
      assertThat(entry.record().checks()).extracting(c -> c.name())
          .contains("rollout-complete", "rolled-back-image", "health", "recovery-objective", "restored");
    });
    CliRun audit = JarProcess.run(dir, "audit", "verify", dir.resolve(name + ".md").toString());
    assertThat(audit.exitCode()).as(audit.out() + audit.err()).isZero();
  }

  @Test
  void fail_comesFromTheRealControllersProgressDeadline_andStagingIsRestored() throws Exception {
    String name = "deadline-api";
    workloads.deploy(Release.of(NS, name, BROKEN).withProgressDeadlineSeconds(5),
        Release.of(NS, name, V2).withProgressDeadlineSeconds(5));
    PodTemplateSpec original = deployment(name).getSpec().getTemplate();

    CliRun run = drill(name, "previous");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    JsonNode result = run.json();
    assertThat(result.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(result.get("reason").asText()).contains("exceeded its progress deadline");
    assertThat(result.get("recoverySeconds").isNull()).isTrue();
    assertThat(result.get("restored").asBoolean()).isTrue();
    assertThat(checks(result)).containsEntry("rollout-complete", false).containsEntry("restored", true);

    assertThat(deployment(name).getSpec().getTemplate()).isEqualTo(original);
    workloads.awaitRolledOut(NS, name);
    assertThat(plane.healthUrl(NS, name)).isNotBlank();
  }

  @Test
  void toRevision_rollsBackToTheNamedRevision() throws Exception {
    String name = "revision-api";
    workloads.deploy(Release.of(NS, name, V1), Release.of(NS, name, V2), Release.of(NS, name, V3));

    CliRun run = drill(name, "1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode result = run.json();
    assertThat(result.get("fromRevision").asLong()).isEqualTo(3);
    assertThat(result.get("toRevision").asLong()).isEqualTo(1);
    assertThat(result.get("toImage").asText()).isEqualTo(V1);
    assertThat(replicaSetRevisions(name)).isEqualTo(Map.of(V1, "4", V2, "2", V3, "5"));
  }

  @Test
  void paused_isRefusedAtPreflight_andNothingChanges() throws Exception {
    String name = "paused-api";
    workloads.deploy(Release.of(NS, name, V1), Release.of(NS, name, V2));
    workloads.apply(Release.of(NS, name, V2).pausedRollout());
    Deployment before = deployment(name);
    long mark = audit.mark();

    CliRun run = drill(name, "previous");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    JsonNode result = run.json();
    assertThat(result.get("verdict").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(result.get("reason").asText()).contains("paused");
    assertNothingWrittenBy(mark, name, before);
  }

  @Test
  void targetEqualToCurrent_isInconclusive_asKubectlSkipsIt() throws Exception {
    String name = "same-api";
    workloads.deploy(Release.of(NS, name, V1), Release.of(NS, name, V2));
    Deployment before = deployment(name);
    long mark = audit.mark();

    CliRun run = drill(name, "2");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    JsonNode result = run.json();
    assertThat(result.get("verdict").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(result.get("reason").asText()).contains("already matches revision 2");
    assertNothingWrittenBy(mark, name, before);
  }

  /**
   * The API server's audit log is the oracle: drillbook wrote nothing but its own lock (preflight runs under the
   * target's Lease, so a drill holding the target mid-rollback is never misread), released again; the controller
   * may still touch the Deployment's status, so resourceVersion alone proves nothing: spec, generation and
   * annotations are as before.
   */
  private void assertNothingWrittenBy(long mark, String name, Deployment before) {
    String lock = "drillbook-" + name;
    assertThat(audit.since(mark, AuditLog.DRILLBOOK_USER))
        .filteredOn(r -> r.isWrite() && !r.resource().equals("selfsubjectaccessreviews")
            && !(r.resource().equals("leases") && r.name().equals(lock)))
        .extracting(AuditLog.Request::describe)
        .isEmpty();
    try (KubernetesClient admin = plane.admin()) {
      assertThat(admin.leases().inNamespace(NS).withName(lock).get().getSpec().getHolderIdentity())
          .as("lock released").isEmpty();
    }
    Deployment after = deployment(name);
    assertThat(after.getSpec()).isEqualTo(before.getSpec());
    assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
    assertThat(after.getMetadata().getAnnotations()).isEqualTo(before.getMetadata().getAnnotations());
  }

  private CliRun drill(String name, String toRevision) throws Exception {
    return RealDrill.of(plane, NS, name, toRevision).run(dir);
  }

  private Deployment deployment(String name) {
    try (KubernetesClient admin = plane.admin()) {
      return admin.apps().deployments().inNamespace(NS).withName(name).get();
    }
  }

  /** Image to revision annotation of every ReplicaSet the Deployment owns. */
  private Map<String, String> replicaSetRevisions(String name) {
    try (KubernetesClient admin = plane.admin()) {
      Map<String, String> revisions = new TreeMap<>();
      for (ReplicaSet rs : admin.apps().replicaSets().inNamespace(NS).withLabel("app", name).list().getItems()) {
        revisions.put(rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
            rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
      }
      return revisions;
    }
  }

  private static List<String> phaseNames(JsonNode result) {
    return result.get("phases").findValuesAsText("name");
  }

  private static Map<String, Boolean> checks(JsonNode result) {
    Map<String, Boolean> checks = new TreeMap<>();
    result.get("checks").forEach(c -> checks.put(c.get("name").asText(), c.get("ok").asBoolean()));
    return checks;
  }
}
