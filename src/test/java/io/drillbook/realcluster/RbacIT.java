package io.drillbook.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.cli.CliRun;
import io.drillbook.cli.JarProcess;
import io.drillbook.kube.ApiPermissions;
import io.drillbook.prometheus.PrometheusClient;
import io.drillbook.prometheus.PrometheusProcess;
import io.drillbook.prometheus.TestExporter;
import io.drillbook.realcluster.Workloads.Release;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped Role ({@code k8s/base/role.yaml}) against the real RBAC authorizer: it is enough (a full runbook drill
 * as the drillbook ServiceAccount passes, and the API server's audit log shows no request outside
 * {@link ApiPermissions#DRILL}), it is not more than needed (every verb it grants is used), and each verb taken away
 * is named by preflight before anything is changed.
 */
@ExtendWith(RealControlPlaneExtension.class)
class RbacIT {
  private static final String V1 = "registry.example.com/orchestrator/maestro:1.8.0";
  private static final String V2 = "registry.example.com/orchestrator/maestro:1.9.0";
  private static final String DEPLOYMENT = "maestro-orchestrator";
  private static final Path RUNBOOK = Path.of("src/test/resources/runbooks/orchestrator-staging.md").toAbsolutePath();

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
  void aRunbookDrill_makesOnlyRequestsTheRoleGrants_andUsesEveryVerbItGrants() throws Exception {
    String ns = RealControlPlane.ROLE_NAMESPACE;
    workloads.deploy(Release.of(ns, DEPLOYMENT, V1), Release.of(ns, DEPLOYMENT, V2));
    Map<String, String> labels = Map.of("namespace", ns);
    try (TestExporter exporter = TestExporter.start()) {
      exporter.counter("orchestrator_requests_total", labels, 50);
      exporter.counter("orchestrator_errors_total", labels, 0.2);
      exporter.histogram("orchestrator_request_duration_seconds", labels, new double[] {0.1, 0.5, 1, 2.5, 5}, 50, 0.3);
      try (PrometheusProcess prometheus = PrometheusProcess.start(exporter.port())) {
        PrometheusClient client = new PrometheusClient(prometheus.url(), null, Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> !client.instantQuery(
            "sum(rate(orchestrator_requests_total[30s])) > 0", Instant.now()).isEmpty());
        long mark = audit.mark();

        CliRun run = drill(ns, prometheus.url().toString(), "2s");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.json().get("verdict").asText()).isEqualTo("PASS");
        // The plane runs no metrics-server: the traffic check's list is authorized, then answered 404.
        assertThat(run.json().get("traffic").asText()).startsWith("not checked (no metrics API: the cluster serves "
            + "no metrics.k8s.io/v1beta1 (no metrics-server): 404")
            .contains("Prometheus has no container_cpu_usage_seconds_total");
        List<AuditLog.Request> requests = audit.awaitDrillbookRequests(mark);
        assertThat(requests).extracting(AuditLog.Request::describe)
            .filteredOn(line -> line.endsWith("-> 403")).isEmpty();
        Set<String> granted = grantedVerbs(ApiPermissions.DRILL);
        Set<String> used = new TreeSet<>();
        List<String> outside = new ArrayList<>();
        for (AuditLog.Request r : requests) {
          if (r.resource().equals("selfsubjectaccessreviews") && r.verb().equals("create")) {
            continue; // every authenticated identity may ask what it may do (ClusterRole system:basic-user)
          }
          if (r.resource().isEmpty()) {
            continue; // API discovery (/apis), which every authenticated identity may read (system:discovery)
          }
          String verb = ShippedRole.verbKey(r.verb(), r.apiGroup(),
              r.resource() + (r.subresource().isEmpty() ? "" : "/" + r.subresource()));
          used.add(verb);
          if (!granted.contains(verb) || !r.namespace().equals(ns)) {
            outside.add(r.describe());
          }
        }
        assertThat(outside).as("requests the Role does not grant").isEmpty();
        assertThat(used).as("verbs the drill used").isEqualTo(granted);
      }
    }
  }

  static Stream<String> everyGrantedVerb() {
    return grantedVerbs(ApiPermissions.DRILL).stream();
  }

  @ParameterizedTest(name = "without {0}")
  @MethodSource("everyGrantedVerb")
  void aRoleMissingOneVerb_isRefusedAtPreflight_namingIt_andNothingIsWritten(String missing) throws Exception {
    String ns = "rbac-" + missing.replaceAll("[^a-z]+", "-").replaceAll("-+$", "");
    workloads.createNamespace(ns);
    ShippedRole.grantWithout(plane, ns, missing);
    workloads.deploy(Release.of(ns, DEPLOYMENT, V1), Release.of(ns, DEPLOYMENT, V2));
    Deployment before = deployment(ns);
    long mark = audit.mark();

    CliRun run = drill(ns, "http://127.0.0.1:1", "2s");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
    JsonNode result = run.json();
    assertThat(result.get("verdict").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(result.get("reason").asText())
        .contains("may not " + missing + " in namespace " + ns)
        .contains("k8s/base/role.yaml");
    assertThat(audit.awaitDrillbookRequests(mark)).filteredOn(r -> r.isWrite() && !r.resource().equals("selfsubjectaccessreviews"))
        .extracting(AuditLog.Request::describe).isEmpty();
    Deployment after = deployment(ns);
    assertThat(after.getSpec()).isEqualTo(before.getSpec());
    assertThat(after.getMetadata().getAnnotations()).isEqualTo(before.getMetadata().getAnnotations());
    try (KubernetesClient admin = plane.admin()) {
      assertThat(admin.leases().inNamespace(ns).list().getItems()).as("drill Leases").isEmpty();
    }
  }

  private CliRun drill(String ns, String prometheusUrl, String sustain) throws Exception {
    Path config = dir.resolve("drillbook.yaml");
    Files.writeString(config, """
        prometheus: { url: "%s" }
        drills:
          - name: orchestrator-rbac
            environment: staging
            target: { namespace: %s, deployment: %s, kubeconfig: "%s" }
            runbook: "%s"
            sustain: %s
            verify: { interval: 1s, timeout: 60s }
            health: { url: "%s" }
            timeouts: { rollout: 1m, health: 30s }
            evidenceLog: drills/rbac.md
        """.formatted(prometheusUrl, ns, DEPLOYMENT, plane.drillbookKubeconfig(), runbookWithTrafficCheck(), sustain,
        plane.healthUrl(ns, DEPLOYMENT)));
    return JarProcess.run(dir, "drill", "orchestrator-rbac", "--config", config.toString(), "--output", "json");
  }

  /** The test runbook with the seed's traffic line, so the drill also reads pod metrics (and needs that rule). */
  private Path runbookWithTrafficCheck() throws java.io.IOException {
    return Files.writeString(dir.resolve("runbook-with-traffic.md"), Files.readString(RUNBOOK).replace("- Logs:",
        "- Traffic: `kubectl -n " + RealControlPlane.ROLE_NAMESPACE + " top pod -l app=" + DEPLOYMENT
            + "` shows steady utilization.\n- Logs:"));
  }

  /**
   * The drill's requests as the API server logged them. The log backend writes an event once the response is
   * complete, which can be a moment after the client has its answer, so wait for the log to stop growing.
   */
  private Deployment deployment(String ns) {
    try (KubernetesClient admin = plane.admin()) {
      return admin.apps().deployments().inNamespace(ns).withName(DEPLOYMENT).get();
    }
  }

  private static Set<String> grantedVerbs(List<ApiPermissions.Rule> rules) {
    Set<String> verbs = new TreeSet<>();
    for (ApiPermissions.Rule rule : rules) {
      for (String verb : rule.verbs()) {
        verbs.add(ShippedRole.verbKey(verb, rule.apiGroup(), rule.resource()));
      }
    }
    return verbs;
  }
}
