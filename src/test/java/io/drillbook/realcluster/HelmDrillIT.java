package io.drillbook.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.cli.CliRun;
import io.drillbook.cli.JarProcess;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.EvidenceLogReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code method: helm} drills as a real process with the real Helm 4 and Helm 3 CLIs against the real control plane:
 * Helm's own history is the oracle (two new revisions per drill, "Rollback to" the older one, then to the original).
 */
@ExtendWith(RealControlPlaneExtension.class)
class HelmDrillIT {
  private static final String IMAGE = "registry.example/drill-app:";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"helm", "helm3"})
  void pass_rollsTheReleaseBackAndRestoresIt_andHelmsHistoryShowsBothRollbacks(String binary, RealControlPlane plane)
      throws Exception {
    String ns = "helm-pass-" + binary;
    Helm helm = Helm.of(plane, binary);
    helm.release(ns, "shop", "1.0.0", "1.1.0");

    CliRun run = drill(plane, helm, ns, "shop", "previous");

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    JsonNode result = run.json();
    assertThat(result.get("verdict").asText()).isEqualTo("PASS");
    assertThat(result.get("method").asText()).isEqualTo("helm");
    assertThat(result.get("fromRevision").asLong()).isEqualTo(2);
    assertThat(result.get("toRevision").asLong()).isEqualTo(1);
    assertThat(result.get("fromImage").asText()).isEqualTo(IMAGE + "1.1.0");
    assertThat(result.get("toImage").asText()).isEqualTo(IMAGE + "1.0.0");
    assertThat(result.get("restored").asBoolean()).isTrue();
    assertThat(result.get("helmRevisionRollback").asText()).isEqualTo("3");
    assertThat(result.get("helmRevisionRestore").asText()).isEqualTo("4");
    assertThat(result.get("helmVersion").asText()).startsWith(binary.equals("helm") ? "v4." : "v3.");

    List<JsonNode> history = list(helm.history(ns, "shop"));
    assertThat(history).hasSize(4);
    assertThat(history.get(2).get("description").asText()).isEqualTo("Rollback to 1");
    assertThat(history.get(2).get("status").asText()).isEqualTo("superseded");
    assertThat(history.get(3).get("description").asText()).isEqualTo("Rollback to 2");
    assertThat(history.get(3).get("status").asText()).isEqualTo("deployed");
    assertThat(image(plane, ns)).isEqualTo(IMAGE + "1.1.0");
    String log = Files.readString(dir.resolve("shop.md"));
    assertThat(log).contains("helmRevisionRollback").contains("helmRevisionRestore");
    assertThat(JarProcess.run(dir, "audit", "verify", dir.resolve("shop.md").toString()).exitCode()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"helm", "helm3"})
  void fail_whenTheOlderRevisionNeverBecomesReady_theReleaseIsRestoredThroughHelm(String binary,
      RealControlPlane plane) throws Exception {
    String ns = "helm-fail-" + binary;
    Helm helm = Helm.of(plane, binary);
    // The plane never readies an image whose tag is "broken" (RealControlPlane.NEVER_READY_IMAGES).
    helm.release(ns, "shop", "broken", "1.0.0");

    CliRun run = drill(plane, helm, ns, "shop", "1");

    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(1);
    JsonNode result = run.json();
    assertThat(result.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(result.get("restored").asBoolean()).isTrue();
    List<JsonNode> history = list(helm.history(ns, "shop"));
    assertThat(history).hasSize(4);
    assertThat(history.get(3).get("status").asText()).isEqualTo("deployed");
    assertThat(history.get(3).get("description").asText()).isEqualTo("Rollback to 2");
    assertThat(image(plane, ns)).isEqualTo(IMAGE + "1.0.0");
  }

  @Test
  void aReleaseWithOneRevision_isRefusedInconclusive_andHelmWritesNothing(RealControlPlane plane) throws Exception {
    String ns = "helm-single";
    Helm helm = Helm.of(plane, "helm");
    helm.release(ns, "shop", "1.0.0");

    CliRun run = drill(plane, helm, ns, "shop", "previous");

    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(3);
    assertThat(run.json().get("verdict").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(run.json().get("reason").asText())
        .contains("Helm release " + ns + "/shop has only one revision; a rollback drill needs at least two");
    assertThat(list(helm.history(ns, "shop"))).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"helm", "helm3"})
  void drillKilledMidRollout_isRecoveredThroughHelm_withTwoNewRevisionsAndItsAbortedEntry(String binary,
      RealControlPlane plane) throws Exception {
    String ns = "helm-killed-" + binary;
    Helm helm = Helm.of(plane, binary);
    helm.release(ns, "shop", "broken", "1.0.0");
    Path config = config(plane, helm, ns, "shop", "1", "{ rollout: 30m, health: 5s }",
        "scheduler:\n  leaseDuration: 3s\n");
    List<String> output = new CopyOnWriteArrayList<>();
    Process running = JarProcess.startUntil(line -> line.contains("] rollout    ..."), output, "drill", "shop",
        "--config", config.toString());
    running.destroyForcibly();
    assertThat(running.waitFor(1, TimeUnit.MINUTES)).isTrue();
    List<JsonNode> killed = list(helm.history(ns, "shop"));
    assertThat(killed).hasSize(3);
    assertThat(killed.get(2).get("description").asText()).isEqualTo("Rollback to 1");

    // Same host, dead pid: recovered at once, through Helm because the drill's config says method helm.
    CliRun recover = JarProcess.run(dir, "recover", "--config", config.toString(), "--output", "json");

    assertThat(recover.exitCode()).as(recover.out() + recover.err()).isZero();
    assertThat(recover.json().get("found").get(0).get("outcome").asText()).isEqualTo("RECOVERED");
    List<JsonNode> after = list(helm.history(ns, "shop"));
    assertThat(after).hasSize(4);
    assertThat(after.get(3).get("status").asText()).isEqualTo("deployed");
    assertThat(after.get(3).get("description").asText()).isEqualTo("Rollback to 2");
    assertThat(image(plane, ns)).isEqualTo(IMAGE + "1.0.0");
    assertThat(EvidenceLogReader.readAll(dir.resolve("shop.md"))).singleElement().satisfies(e -> {
      assertThat(e.record().verdict()).isEqualTo(Verdict.ABORTED);
      assertThat(e.record().restored()).isTrue();
      assertThat(e.record().facts()).containsEntry("helmRevisionRestore", "4");
    });
  }

  @Test
  void aReleaseLeftPendingUpgrade_isRefusedInconclusive_andLeftAlone(RealControlPlane plane) throws Exception {
    String ns = "helm-pending";
    Helm helm = Helm.of(plane, "helm");
    helm.release(ns, "shop", "1.0.0", "1.1.0");
    // An upgrade killed while it waits for a never-ready image leaves its revision pending-upgrade (helm/helm#4558).
    Process upgrade = helm.start("upgrade", "shop", Helm.CHART.toString(), "--namespace", ns, "--set",
        "image.tag=broken", "--wait", "--timeout", "120s");
    await().atMost(Duration.ofMinutes(1)).until(() -> list(helm.history(ns, "shop")).size() == 3);
    upgrade.destroyForcibly();
    assertThat(upgrade.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(list(helm.history(ns, "shop")).get(2).get("status").asText()).isEqualTo("pending-upgrade");

    CliRun run = drill(plane, helm, ns, "shop", "previous");

    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(3);
    assertThat(run.json().get("verdict").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(run.json().get("reason").asText()).contains("Helm release " + ns + "/shop is pending-upgrade at "
        + "revision 3: another operation (install/upgrade/rollback) is in progress or was cut short");
    List<JsonNode> after = list(helm.history(ns, "shop"));
    assertThat(after).hasSize(3);
    assertThat(after.get(2).get("status").asText()).isEqualTo("pending-upgrade");
  }

  @Test
  void aKubernetesDrillOfAHelmManagedDeployment_isFlaggedInPreflightAndTheEntry(RealControlPlane plane)
      throws Exception {
    String ns = "helm-managed";
    Helm helm = Helm.of(plane, "helm");
    helm.release(ns, "shop", "1.0.0", "1.1.0");
    Path config = config(plane, helm, ns, "shop", "previous", "{ rollout: 45s, health: 30s }", "");
    Files.writeString(config, Files.readString(config).replace("method: helm", "method: kubernetes")
        .replaceAll("(?s)    helm:\n.*?timeout: 90s\n", ""));

    CliRun dryRun = JarProcess.run(dir, "drill", "shop", "--config", config.toString(), "--dry-run");
    CliRun run = JarProcess.run(dir, "drill", "shop", "--config", config.toString(), "--output", "json");

    assertThat(dryRun.out()).contains("warning: deployment " + ns + "/shop-drill-app is managed by Helm release "
        + ns + "/shop: Helm's history will not show this rollback");
    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    assertThat(run.json().get("helmManaged").asText()).isEqualTo(ns + "/shop");
    assertThat(run.json().get("preflightWarnings").asText()).contains("'method: helm' drills it through Helm");
    // Helm never heard of it: its history still ends on revision 2, deployed.
    assertThat(list(helm.history(ns, "shop"))).hasSize(2);
  }

  @Test
  void runbookCheck_reportsAHelmReleaseThatIsMissingHasOneRevisionOrSitsPending_withTheRunbookLine(
      RealControlPlane plane) throws Exception {
    Helm helm = Helm.of(plane, "helm");
    helm.release("helm-drift-ok", "shop", "1.0.0", "1.1.0");
    helm.release("helm-drift-single", "shop", "1.0.0");
    helm.release("helm-drift-pending", "shop", "1.0.0", "1.1.0");
    Process upgrade = helm.start("upgrade", "shop", Helm.CHART.toString(), "--namespace", "helm-drift-pending",
        "--set", "image.tag=broken", "--wait", "--timeout", "120s");
    await().atMost(Duration.ofMinutes(1)).until(() -> list(helm.history("helm-drift-pending", "shop")).size() == 3);
    upgrade.destroyForcibly();
    assertThat(upgrade.waitFor(1, TimeUnit.MINUTES)).isTrue();
    Path runbook = dir.resolve("shop-runbook.md");
    Files.writeString(runbook, """
        # Shop rollback

        ## Rollback

        - `helm rollback shop --namespace helm-drift-ok`
        - `helm rollback shop --namespace helm-drift-single`
        - `helm rollback shop --namespace helm-drift-pending`
        - `helm rollback shop --namespace helm-drift-gone`

        ## Alerts

        | Alert | Threshold |
        | --- | --- |
        | ShopErrorRate | error rate > 5% for 5m |
        """);

    CliRun check = JarProcess.run(dir, "runbook", "check", runbook.toString(), "--kubeconfig",
        plane.adminKubeconfig().toString(), "--output", "json");

    assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(1);
    List<String> drift = new ArrayList<>();
    check.json().get("findings").forEach(f -> {
      if (f.get("severity").asText().equals("DRIFT")) {
        drift.add(f.get("line").asInt() + ": " + f.get("message").asText());
      }
    });
    assertThat(drift).containsExactly(
        "6: helm release helm-drift-single/shop has only one revision: 'helm rollback' has nothing to go back to",
        "7: helm release helm-drift-pending/shop is pending-upgrade at revision 3: another operation is in progress "
            + "or was cut short, and 'helm upgrade' refuses it until it is cleared",
        "8: helm release helm-drift-gone/shop has no release secrets (sh.helm.release.v1.shop.vN)");
  }

  @Test
  void runbookCheck_looksForTheRunbooksProductionNamespaceWhereRunbookNamespacesMapsIt(RealControlPlane plane)
      throws Exception {
    Helm helm = Helm.of(plane, "helm");
    helm.release("helm-map-staging", "shop", "1.0.0", "1.1.0");
    Path runbook = dir.resolve("shop-prod-runbook.md");
    Files.writeString(runbook, """
        # Shop rollback (production)

        **Workloads:** `Deployment/shop-drill-app` (namespace: `shop-prod`)

        ## Rollback

        1. `helm rollback shop --namespace shop-prod`
        2. `kubectl -n shop-prod rollout status deploy/shop-drill-app`

        ## Alerts

        | Alert | Threshold |
        | --- | --- |
        | ShopErrorRate | error rate > 5% for 5m |
        """);
    Path config = dir.resolve("mapped.yaml");
    Files.writeString(config, """
        runbookNamespaces:
          shop-prod: helm-map-staging
        drills:
          - name: shop
            environment: staging
            target: { namespace: helm-map-staging, deployment: shop-drill-app }
        """);

    CliRun literal = JarProcess.run(dir, "runbook", "check", runbook.toString(), "--kubeconfig",
        plane.adminKubeconfig().toString(), "--output", "json");
    CliRun mapped = JarProcess.run(dir, "runbook", "check", runbook.toString(), "--kubeconfig",
        plane.adminKubeconfig().toString(), "--config", config.toString(), "--output", "json");

    assertThat(drift(literal)).contains("3: namespace shop-prod does not exist",
        "7: helm release shop-prod/shop has no release secrets (sh.helm.release.v1.shop.vN)");
    assertThat(drift(mapped)).as(mapped.out() + mapped.err()).isEmpty();
    assertThat(mapped.exitCode()).isZero();

    helm.run("uninstall", "shop", "--namespace", "helm-map-staging").ok();
    CliRun gone = JarProcess.run(dir, "runbook", "check", runbook.toString(), "--kubeconfig",
        plane.adminKubeconfig().toString(), "--config", config.toString(), "--output", "json");
    assertThat(drift(gone)).contains("7: helm release helm-map-staging/shop (the runbook's shop-prod, mapped by "
        + "runbookNamespaces) has no release secrets (sh.helm.release.v1.shop.vN)");
  }

  private static List<String> drift(CliRun check) throws Exception {
    List<String> drift = new ArrayList<>();
    check.json().get("findings").forEach(f -> {
      if (f.get("severity").asText().equals("DRIFT")) {
        drift.add(f.get("line").asInt() + ": " + f.get("message").asText());
      }
    });
    return drift;
  }

  private CliRun drill(RealControlPlane plane, Helm helm, String ns, String release, String toRevision)
      throws Exception {
    Path config = config(plane, helm, ns, release, toRevision, "{ rollout: 45s, health: 30s }", "");
    return JarProcess.run(dir, "drill", release, "--config", config.toString(), "--output", "json");
  }

  private Path config(RealControlPlane plane, Helm helm, String ns, String release, String toRevision,
      String timeouts, String topLevel) throws Exception {
    String deployment = release + "-drill-app";
    Path config = dir.resolve(release + ".yaml");
    Files.writeString(config, topLevel + """
        drills:
          - name: %s
            environment: staging
            target:
              kubeconfig: %s
              namespace: %s
              deployment: %s
            method: helm
            helm:
              release: %s
              binary: %s
              timeout: 90s
            rollback:
              toRevision: %s
            objective: 1m
            health:
              url: %s
            timeouts: %s
            evidenceLog: %s.md
        """.formatted(release, plane.adminKubeconfig(), ns, deployment, release, helm.binary(), toRevision,
        plane.healthUrl(ns, deployment), timeouts, release));
    return config;
  }

  private static String image(RealControlPlane plane, String ns) {
    try (KubernetesClient admin = plane.admin()) {
      return admin.apps().deployments().inNamespace(ns).withName("shop-drill-app").get().getSpec().getTemplate()
          .getSpec().getContainers().get(0).getImage();
    }
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }
}
