package io.drillbook.realcluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.cli.CliRun;
import io.drillbook.cli.JarProcess;
import io.drillbook.drill.PhaseResult;
import io.drillbook.evidence.EvidenceEntry;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.realcluster.Workloads.Release;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.SeedDeployment;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's "restart, then roll back if the restart fails" on the real control plane: the release on staging
 * passes its readiness probe but serves errors (the plane's health server answers 503 for images tagged
 * {@code sick}), so restarting it cannot help; the drill falls back to the rollback, is timed from the restart, and
 * restores staging through the path that rolled it back.
 */
@ExtendWith(RealControlPlaneExtension.class)
class FallbackDrillIT {
  private static final String NS = RealControlPlane.ROLE_NAMESPACE;
  private static final String GOOD = "registry.example.com/checkout/pricing:4.2.0";
  private static final String SICK = "registry.example.com/checkout/pricing:sick";
  private static final String CHART_IMAGE = "registry.example/drill-app:";

  @TempDir Path dir;

  @Test
  void restartThatCannotHelp_fallsBackToTheKubernetesRollback_andRestoresThroughIt(RealControlPlane plane)
      throws Exception {
    String name = "fallback-pricing";
    new Workloads(Kubectl.admin(plane)).deploy(Release.of(NS, name, GOOD), Release.of(NS, name, SICK));

    Path config = config(name, plane.drillbookKubeconfig(), NS, name, "kubernetes", "", plane.healthUrl(NS, name));
    CliRun run = JarProcess.run(dir, "drill", name, "--config", config.toString(), "--output", "json");

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    JsonNode result = run.json();
    assertThat(result.get("verdict").asText()).isEqualTo("PASS");
    assertThat(result.get("method").asText()).isEqualTo("restart");
    assertThat(result.get("recoveredBy").asText()).isEqualTo("kubernetes");
    assertThat(result.get("pathsTried").asText()).startsWith("restart (left: health check did not answer 200 within ")
        .contains("last answer 503").endsWith("; kubernetes (recovered)");
    assertThat(result.get("fromRevision").asLong()).isEqualTo(2);
    assertThat(result.get("toRevision").asLong()).isEqualTo(1);
    assertThat(result.get("toImage").asText()).isEqualTo(GOOD);
    assertThat(result.get("restored").asBoolean()).isTrue();

    EvidenceEntry entry = EvidenceLogReader.readAll(dir.resolve(name + ".md")).get(0);
    List<String> phases = entry.record().phases().stream().map(PhaseResult::name).toList();
    assertThat(phases).containsExactly("preflight", "restart-rollback", "restart-rollout", "restart-health",
        "kubernetes-rollback", "kubernetes-rollout", "kubernetes-health", "restore");
    // Timed from the restart: the recovery includes the restart's wasted time.
    long wasted = entry.record().phases().stream().filter(p -> p.name().startsWith("restart-"))
        .mapToLong(p -> p.duration().toMillis()).sum();
    assertThat(entry.record().recovery().toMillis()).isGreaterThan(wasted);
    Deployment after = deployment(plane, NS, name);
    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(SICK);
    assertThat(after.getMetadata().getAnnotations()).doesNotContainKey("drillbook.io/drill-in-progress");
    assertThat(JarProcess.run(dir, "audit", "verify", dir.resolve(name + ".md").toString()).exitCode()).isZero();
  }

  @Test
  void restartThatCannotHelp_fallsBackToHelm_andHelmsHistoryShowsTheTwoRollbacks(RealControlPlane plane)
      throws Exception {
    String ns = "fallback-helm";
    Helm helm = Helm.of(plane, "helm");
    helm.release(ns, "shop", "1.0.0", "sick");
    String deployment = "shop-drill-app";

    Path config = config("shop", plane.adminKubeconfig(), ns, deployment, "helm",
        "    helm: { release: shop, binary: " + helm.binary() + ", timeout: 90s }\n", plane.healthUrl(ns, deployment));
    CliRun run = JarProcess.run(dir, "drill", "shop", "--config", config.toString(), "--output", "json");

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    JsonNode result = run.json();
    assertThat(result.get("verdict").asText()).isEqualTo("PASS");
    assertThat(result.get("recoveredBy").asText()).isEqualTo("helm");
    assertThat(result.get("pathsTried").asText()).startsWith("restart (left: ").endsWith("; helm (recovered)");
    assertThat(result.get("fromRevision").asLong()).isEqualTo(2);
    assertThat(result.get("toRevision").asLong()).isEqualTo(1);
    assertThat(result.get("helmRevisionRollback").asText()).isEqualTo("3");
    assertThat(result.get("helmRevisionRestore").asText()).isEqualTo("4");
    assertThat(result.get("restored").asBoolean()).isTrue();

    List<JsonNode> history = new ArrayList<>();
    helm.history(ns, "shop").forEach(history::add);
    assertThat(history).hasSize(4);
    assertThat(history.get(2).get("description").asText()).isEqualTo("Rollback to 1");
    assertThat(history.get(3).get("description").asText()).isEqualTo("Rollback to 2");
    assertThat(history.get(3).get("status").asText()).isEqualTo("deployed");
    assertThat(deployment(plane, ns, deployment).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(CHART_IMAGE + "sick");
    assertThat(JarProcess.run(dir, "audit", "verify", dir.resolve("shop.md").toString()).exitCode()).isZero();
  }

  /** A rollback workflow that reads a secret the repository does not define: its deploy step fails. */
  private static final String WORKFLOW_WITHOUT_ITS_SECRET = """
      name: CD rollback
      run-name: "Rollback ${{ inputs.environment }} to ${{ inputs.image_tag }} (drill ${{ inputs.drill_id }})"
      on:
        workflow_dispatch:
          inputs:
            environment: { required: true, type: choice, options: [staging], default: staging }
            image_tag: { required: true, type: string }
            drill_id: { required: false, type: string }
      jobs:
        rollback:
          runs-on: ubuntu-latest
          steps:
            - name: Configure cluster access
              env:
                KUBECONFIG_DATA: ${{ secrets.STAGING_KUBECONFIG }}
              run: echo "$KUBECONFIG_DATA" | base64 -d > "$RUNNER_TEMP/kubeconfig"
            - name: Deploy the earlier release
              run: helm rollback shop --namespace fallback-gh
      """;

  @Test
  void workflowWhoseSecretIsMissing_fallsBackToHelm_asTheRunbookSays(RealControlPlane plane) throws Exception {
    String ns = "fallback-gh";
    Helm helm = Helm.of(plane, "helm");
    helm.release(ns, "shop", "1.0.0", "1.1.0");
    String deployment = "shop-drill-app";
    try (Sandbox github = Sandbox.start(SandboxOptions.defaults()
        .withSeeds(List.of(SeedDeployment.of(ns, deployment, deployment,
            List.of(CHART_IMAGE + "1.0.0", CHART_IMAGE + "1.1.0"))))
        .withWorkflowYaml(WORKFLOW_WITHOUT_ITS_SECRET).withRunStepDelay(Duration.ofMillis(100)))) {
      Path token = Files.writeString(dir.resolve("token"), github.githubToken());
      Path config = dir.resolve("shop.yaml");
      Files.writeString(config, """
          github: { apiUrl: "%s", tokenFile: "%s", pollInterval: 100ms }
          drills:
            - name: shop
              environment: staging
              target: { kubeconfig: "%s", namespace: %s, deployment: %s }
              method: github-actions
              github:
                repository: sandbox/%s
                workflow: cd-rollback.yml
                inputs: { environment: staging, image_tag: "${previousImageTag}" }
              fallback: helm
              helm: { release: shop, binary: %s, timeout: 90s }
              objective: 2m
              health: { url: "%s" }
              timeouts: { rollout: 45s, health: 30s }
              evidenceLog: shop.md
          """.formatted(github.githubApiUrl(), token, plane.adminKubeconfig(), ns, deployment, deployment,
          helm.binary(), plane.healthUrl(ns, deployment)));

      CliRun run = JarProcess.run(dir, "drill", "shop", "--config", config.toString(), "--output", "json");

      assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
      JsonNode result = run.json();
      assertThat(result.get("verdict").asText()).isEqualTo("PASS");
      assertThat(result.get("method").asText()).isEqualTo("github-actions");
      assertThat(result.get("recoveredBy").asText()).isEqualTo("helm");
      assertThat(result.get("pathsTried").asText()).startsWith("github-actions (left: workflow run ")
          .contains(" concluded failure: ").endsWith("; helm (recovered)");
      assertThat(result.get("runUrl").asText()).contains("/sandbox/" + deployment + "/actions/runs/");
      assertThat(result.get("helmRevisionRollback").asText()).isEqualTo("3");
      assertThat(result.get("helmRevisionRestore").asText()).isEqualTo("4");
      assertThat(result.get("restored").asBoolean()).isTrue();
      assertThat(github.gitHub().runs("sandbox/" + deployment)).singleElement()
          .satisfies(r -> assertThat(r.conclusion()).isEqualTo("failure"));
      assertThat(run.out() + run.err()).doesNotContain(github.githubToken());
    }
    List<JsonNode> history = new ArrayList<>();
    helm.history(ns, "shop").forEach(history::add);
    assertThat(history).extracting(h -> h.get("description").asText()).endsWith("Rollback to 1", "Rollback to 2");
    assertThat(deployment(plane, ns, "shop-drill-app").getSpec().getTemplate().getSpec().getContainers().get(0)
        .getImage()).isEqualTo(CHART_IMAGE + "1.1.0");
    assertThat(JarProcess.run(dir, "audit", "verify", dir.resolve("shop.md").toString()).exitCode()).isZero();
  }

  private Path config(String name, Path kubeconfig, String ns, String deployment, String fallback, String extra,
      String healthUrl) throws Exception {
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(config, """
        drills:
          - name: %s
            environment: staging
            target:
              kubeconfig: %s
              namespace: %s
              deployment: %s
            method: restart
            fallback: %s
            fallbackAfter: 20s
        %s    objective: 2m
            health:
              url: %s
            timeouts: { rollout: 45s, health: 30s }
            evidenceLog: %s.md
        """.formatted(name, kubeconfig, ns, deployment, fallback, extra, healthUrl, name));
    return config;
  }

  private static Deployment deployment(RealControlPlane plane, String ns, String name) {
    try (KubernetesClient admin = plane.admin()) {
      return admin.apps().deployments().inNamespace(ns).withName(name).get();
    }
  }
}
