package io.drillbook.realcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.cli.CliRun;
import io.drillbook.cli.JarProcess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped Helm Role ({@code k8s/optional/helm-role.yaml}) with the drill Role, against the real RBAC authorizer
 * and the real Helm CLIs: a Helm drill as the drillbook ServiceAccount passes, the audit log shows no request outside
 * the two Roles, and every verb the Helm Role grants is used by Helm 4 or Helm 3.
 */
@ExtendWith(RealControlPlaneExtension.class)
class HelmRbacIT {
  private static final Path HELM_ROLE = Path.of("k8s/optional/helm-role.yaml");
  private static final Set<String> USED_BY_ANY = new TreeSet<>();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"helm", "helm3"})
  void aHelmDrillAsTheServiceAccount_makesOnlyRequestsTheRolesGrant(String binary, RealControlPlane plane)
      throws Exception {
    String ns = "helm-rbac-" + binary;
    Helm admin = Helm.of(plane, binary);
    admin.release(ns, "shop", "1.0.0", "1.1.0");
    ShippedRole.grant(plane, ns);
    Set<String> granted = grantHelmRole(plane, ns);
    AuditLog audit = new AuditLog(plane.auditLog());
    long mark = audit.mark();

    CliRun run = drill(plane, admin, ns);

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.json().get("verdict").asText()).isEqualTo("PASS");
    // historyMax 3 makes the restore prune revision 1 (so 'delete secrets' is exercised), which preflight said.
    assertThat(run.json().get("preflightWarnings").asText()).isEqualTo("Helm release " + ns + "/shop keeps 3 "
        + "revisions (--history-max): the drill's two revisions prune revision 1");
    assertThat(admin.history(ns, "shop")).extracting(r -> r.get("revision").asInt()).containsExactly(2, 3, 4);
    List<AuditLog.Request> requests = audit.awaitDrillbookRequests(mark);
    assertThat(requests).extracting(AuditLog.Request::describe).filteredOn(line -> line.endsWith("-> 403"))
        .isEmpty();
    Set<String> drillRole = new TreeSet<>();
    io.drillbook.kube.ApiPermissions.DRILL.forEach(r -> r.verbs().forEach(v -> drillRole.add(
        ShippedRole.verbKey(v, r.apiGroup(), r.resource()))));
    List<String> outside = new ArrayList<>();
    for (AuditLog.Request r : requests) {
      if (r.resource().equals("selfsubjectaccessreviews") || r.resource().isEmpty()) {
        continue; // asking what it may do, and discovery, are every authenticated identity's
      }
      String verb = ShippedRole.verbKey(r.verb(), r.apiGroup(),
          r.resource() + (r.subresource().isEmpty() ? "" : "/" + r.subresource()));
      if (granted.contains(verb)) {
        USED_BY_ANY.add(verb);
      }
      if (!(granted.contains(verb) || drillRole.contains(verb)) || !r.namespace().equals(ns)) {
        outside.add(r.describe());
      }
    }
    assertThat(outside).as("requests neither Role grants, of all: "
        + requests.stream().map(AuditLog.Request::describe).toList()).isEmpty();
    if (binary.equals("helm3")) {
      assertThat(USED_BY_ANY).as("Helm Role verbs Helm 4 or Helm 3 used").isEqualTo(granted);
    }
  }

  @org.junit.jupiter.api.Test
  void withoutTheHelmRole_preflightNamesWhatHelmWouldBeRefused_andHelmWritesNothing(RealControlPlane plane)
      throws Exception {
    String ns = "helm-rbac-missing";
    Helm admin = Helm.of(plane, "helm");
    admin.release(ns, "shop", "1.0.0", "1.1.0");
    ShippedRole.grant(plane, ns);

    CliRun run = drill(plane, admin, ns);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
    assertThat(run.json().get("verdict").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(run.json().get("reason").asText()).contains("this identity may not get secrets, list secrets, "
        + "create secrets, update secrets, delete secrets in namespace " + ns)
        .contains("k8s/optional/helm-role.yaml");
    assertThat(admin.history(ns, "shop")).hasSize(2);
  }

  private static Set<String> grantHelmRole(RealControlPlane plane, String ns) throws Exception {
    Set<String> granted = new TreeSet<>();
    try (KubernetesClient admin = plane.admin()) {
      for (HasMetadata object : admin.load(Files.newInputStream(HELM_ROLE)).items()) {
        object.getMetadata().setNamespace(ns);
        admin.resource(object).inNamespace(ns).create();
        if (object instanceof Role role) {
          for (PolicyRule rule : role.getRules()) {
            for (String resource : rule.getResources()) {
              rule.getVerbs().forEach(v -> granted.add(ShippedRole.verbKey(v, rule.getApiGroups().get(0), resource)));
            }
          }
        }
      }
    }
    return granted;
  }

  private CliRun drill(RealControlPlane plane, Helm helm, String ns) throws Exception {
    Path config = dir.resolve("shop.yaml");
    Files.writeString(config, """
        drills:
          - name: shop
            environment: staging
            target:
              kubeconfig: %s
              namespace: %s
              deployment: shop-drill-app
            method: helm
            helm: { release: shop, binary: %s, timeout: 90s, historyMax: 3 }
            objective: 1m
            health: { url: %s }
            timeouts: { rollout: 45s, health: 30s }
            evidenceLog: shop.md
        """.formatted(plane.drillbookKubeconfig(), ns, helm.binary(), plane.healthUrl(ns, "shop-drill-app")));
    return JarProcess.run(dir, "drill", "shop", "--config", config.toString(), "--output", "json");
  }
}
