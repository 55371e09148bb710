package io.drillbook.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.cli.CliRun;
import io.drillbook.cli.JarProcess;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.realcluster.Workloads.Release;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drills of Deployments that Argo CD, Flux or Argo Rollouts own, on the real control plane with those projects'
 * CRDs (drillbook's own, {@code realcluster/gitops-crds.yaml}): found by the controllers' own conventions, refused by
 * default, and with {@code gitops: pause} run while the owner is suspended and put back exactly as it was, also by
 * {@code drillbook recover} after the drill was killed.
 */
@ExtendWith(RealControlPlaneExtension.class)
class GitOpsDrillIT {
  private static final String V1 = "registry.example.com/shop/web:1.0.0";
  private static final String V2 = "registry.example.com/shop/web:2.0.0";

  @TempDir Path dir;

  @AfterAll
  static void removeCrds(RealControlPlane plane) throws Exception {
    GitOps.uninstall(plane);
  }

  @BeforeEach
  void crds(RealControlPlane plane) throws Exception {
    GitOps.install(plane);
    Workloads workloads = new Workloads(Kubectl.admin(plane));
    workloads.createNamespace("argocd");
    workloads.createNamespace("flux-system");
  }

  @Test
  void argoCdTrackedDeployment_isRefusedByDefault_namingTheApplication_andNothingChanges(RealControlPlane plane)
      throws Exception {
    String ns = "gitops-argo-refuse";
    twoReleases(plane, ns, "web");
    annotate(plane, ns, "web", "argocd.argoproj.io/tracking-id=shop:apps/Deployment:" + ns + "/web");
    GitOps.apply(plane, application("shop", ns, "{prune: true, selfHeal: true}", ""));
    JsonNode appBefore = GitOps.get(plane, GitOps.APPLICATIONS, "argocd", "shop");

    CliRun run = drill(plane, ns, "web", "", plane.adminKubeconfig());

    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(3);
    JsonNode result = run.json();
    assertThat(result.get("verdict").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(result.get("reason").asText()).contains("deployment " + ns + "/web is reconciled by Argo CD "
        + "Application argocd/shop (annotation argocd.argoproj.io/tracking-id)").contains("gitops: pause");
    assertThat(revision(plane, ns, "web")).isEqualTo("2");
    assertThat(GitOps.comparable(GitOps.get(plane, GitOps.APPLICATIONS, "argocd", "shop")))
        .isEqualTo(GitOps.comparable(appBefore));
  }

  @Test
  void plainHelmChartsInstanceLabel_isNoArgoCdOwner_unlessTheApplicationListsTheDeployment(RealControlPlane plane)
      throws Exception {
    String ns = "gitops-instance-label";
    twoReleases(plane, ns, "cart");
    label(plane, ns, "cart", "app.kubernetes.io/instance=cart");
    // An Application that happens to share the release's name but does not track this Deployment.
    GitOps.apply(plane, application("cart", "elsewhere", "{selfHeal: true}", ""));
    GitOps.setStatus(plane, "cart", status("elsewhere", "cart"));

    CliRun notOwned = drill(plane, ns, "cart", "", plane.adminKubeconfig());

    assertThat(notOwned.exitCode()).as(notOwned.err() + notOwned.out()).isZero();
    assertThat(notOwned.json().get("verdict").asText()).isEqualTo("PASS");
    assertThat(notOwned.json().get("preflightWarnings").asText()).contains("label app.kubernetes.io/instance=cart "
        + "matches Argo CD Application argocd/cart, which does not list this Deployment among its resources");

    GitOps.setStatus(plane, "cart", status(ns, "cart"));
    CliRun owned = drill(plane, ns, "cart", "", plane.adminKubeconfig());

    assertThat(owned.json().get("verdict").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(owned.json().get("reason").asText()).contains("Argo CD Application argocd/cart (label "
        + "app.kubernetes.io/instance, listed in the Application's status.resources)");
  }

  @Test
  void fluxOwnedDeployment_withPause_measuresTheRealRollback_andLeavesTheKustomizationExactlyAsFound(
      RealControlPlane plane) throws Exception {
    String ns = "gitops-flux-pause";
    twoReleases(plane, ns, "web");
    label(plane, ns, "web", "kustomize.toolkit.fluxcd.io/name=shop", "kustomize.toolkit.fluxcd.io/namespace=flux-system");
    GitOps.apply(plane, kustomization("shop", ""));
    JsonNode before = GitOps.get(plane, GitOps.KUSTOMIZATIONS, "flux-system", "shop");
    try (GitOps.Reconciler flux = new GitOps.Reconciler(plane, "flux-system", "shop", ns, "web", V2)) {
      // The stand-in controller is live: an out-of-band rollback is reverted within seconds.
      Kubectl.admin(plane).run("-n", ns, "set", "image", "deployment/web", "web=" + V1).ok();
      await().atMost(Duration.ofSeconds(30)).until(() -> flux.reverts.get() >= 1 && V2.equals(image(plane, ns, "web")));
      new Workloads(Kubectl.admin(plane)).awaitRolledOut(ns, "web");
      int revertsBefore = flux.reverts.get();

      CliRun refused = drill(plane, ns, "web", "", plane.adminKubeconfig());
      assertThat(refused.json().get("verdict").asText()).isEqualTo("INCONCLUSIVE");
      assertThat(refused.json().get("reason").asText())
          .contains("Flux Kustomization flux-system/shop (labels kustomize.toolkit.fluxcd.io/name and namespace)");

      CliRun dryRun = JarProcess.run(dir, "drill", "web", "--dry-run", "--config", config(plane, ns, "web",
          "gitops: pause", plane.adminKubeconfig(), "{ rollout: 1m, health: 30s }", "").toString());
      assertThat(dryRun.exitCode()).as(dryRun.err() + dryRun.out()).isZero();
      assertThat(dryRun.out()).contains("  reconciled by:   Flux Kustomization flux-system/shop (labels "
          + "kustomize.toolkit.fluxcd.io/name and namespace)\n")
          .contains("  would pause:     Flux Kustomization flux-system/shop: spec.suspend set to true (put back after "
              + "the restore)\n");
      assertThat(GitOps.comparable(GitOps.get(plane, GitOps.KUSTOMIZATIONS, "flux-system", "shop")))
          .isEqualTo(GitOps.comparable(before));

      CliRun run = drill(plane, ns, "web", "gitops: pause", plane.adminKubeconfig());

      assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
      JsonNode result = run.json();
      assertThat(result.get("verdict").asText()).isEqualTo("PASS");
      assertThat(result.get("toImage").asText()).isEqualTo(V1);
      assertThat(flux.reverts.get()).as("the reconciler reverted the drill's rollback").isEqualTo(revertsBefore);
      assertThat(result.get("gitopsOwners").asText()).startsWith("Flux Kustomization flux-system/shop");
      assertThat(result.get("gitopsPaused").asText())
          .startsWith("Flux Kustomization flux-system/shop: spec.suspend set to true at ");
      assertThat(result.get("gitopsResumed").asText())
          .startsWith("Flux Kustomization flux-system/shop: spec.suspend removed again at ");
    }
    assertThat(GitOps.comparable(GitOps.get(plane, GitOps.KUSTOMIZATIONS, "flux-system", "shop")))
        .isEqualTo(GitOps.comparable(before));
    assertThat(image(plane, ns, "web")).isEqualTo(V2);
    assertThat(EvidenceLogReader.readAll(dir.resolve("web.md"))).last()
        .satisfies(e -> assertThat(e.record().facts()).containsKeys("gitopsPaused", "gitopsResumed"));
  }

  @Test
  void pausedDrillKilledMidRollout_isResumedByRecover_withTheKustomizationAsItWas(RealControlPlane plane)
      throws Exception {
    String ns = "gitops-flux-killed";
    Workloads workloads = new Workloads(Kubectl.admin(plane));
    workloads.createNamespace(ns);
    workloads.deploy(Release.of(ns, "web", "registry.example.com/shop/web:broken"), Release.of(ns, "web", V2));
    label(plane, ns, "web", "kustomize.toolkit.fluxcd.io/name=shop-killed",
        "kustomize.toolkit.fluxcd.io/namespace=flux-system");
    GitOps.apply(plane, kustomization("shop-killed", "  suspend: false\n"));
    JsonNode before = GitOps.get(plane, GitOps.KUSTOMIZATIONS, "flux-system", "shop-killed");
    Path config = config(plane, ns, "web", "gitops: pause", plane.adminKubeconfig(), "{ rollout: 30m, health: 5s }",
        "scheduler:\n  leaseDuration: 3s\n");

    List<String> output = new CopyOnWriteArrayList<>();
    Process running = JarProcess.startUntil(line -> line.contains("] rollout    ..."), output, "drill", "web",
        "--config", config.toString());
    running.destroyForcibly();
    assertThat(running.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(GitOps.get(plane, GitOps.KUSTOMIZATIONS, "flux-system", "shop-killed").path("spec").path("suspend")
        .asBoolean()).isTrue();

    CliRun recover = JarProcess.run(dir, "recover", "--config", config.toString(), "--output", "json");

    assertThat(recover.exitCode()).as(recover.out() + recover.err()).isZero();
    JsonNode found = recover.json().get("found").get(0);
    assertThat(found.get("outcome").asText()).isEqualTo("RECOVERED");
    assertThat(found.get("message").asText())
        .contains("Flux Kustomization flux-system/shop-killed: spec.suspend put back to false");
    assertThat(GitOps.comparable(GitOps.get(plane, GitOps.KUSTOMIZATIONS, "flux-system", "shop-killed")))
        .isEqualTo(GitOps.comparable(before));
    assertThat(image(plane, ns, "web")).isEqualTo(V2);
    assertThat(EvidenceLogReader.readAll(dir.resolve("web.md"))).singleElement()
        .satisfies(e -> assertThat(e.record().facts()).containsKey("gitopsResumed"));
  }

  @Test
  void applicationSetOwnedApplication_pausesOnlyWhereTheApplicationSetLeavesItsSyncPolicyAlone(
      RealControlPlane plane) throws Exception {
    String ns = "gitops-appset";
    twoReleases(plane, ns, "web");
    annotate(plane, ns, "web", "argocd.argoproj.io/tracking-id=shop-staging:apps/Deployment:" + ns + "/web");
    GitOps.apply(plane, """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: shop, namespace: argocd}
        spec:
          generators: [{list: {elements: [{env: staging}]}}]
          template:
            metadata: {name: 'shop-{{env}}'}
            spec: {project: default, destination: {server: 'https://kubernetes.default.svc', namespace: %s}}
        """.formatted(ns));
    String uid = GitOps.get(plane, GitOps.APPLICATION_SETS, "argocd", "shop").path("metadata").path("uid").asText();
    GitOps.apply(plane, application("shop-staging", ns, "{prune: true, selfHeal: true}",
        "  ownerReferences: [{apiVersion: argoproj.io/v1alpha1, kind: ApplicationSet, name: shop, uid: " + uid
            + ", controller: true, blockOwnerDeletion: true}]\n"));
    JsonNode before = GitOps.get(plane, GitOps.APPLICATIONS, "argocd", "shop-staging");

    CliRun refused = drill(plane, ns, "web", "gitops: pause", plane.adminKubeconfig());

    assertThat(refused.json().get("verdict").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(refused.json().get("reason").asText()).contains("owned by Argo CD ApplicationSet argocd/shop")
        .contains("puts Application shop-staging's sync policy back");

    Kubectl.admin(plane).run("-n", "argocd", "patch", "applicationset/shop", "--type=merge", "-p",
        "{\"spec\":{\"syncPolicy\":{\"applicationsSync\":\"create-only\"}}}").ok();
    CliRun run = drill(plane, ns, "web", "gitops: pause", plane.adminKubeconfig());

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    assertThat(run.json().get("gitopsPaused").asText())
        .startsWith("Argo CD Application argocd/shop-staging: spec.syncPolicy.automated removed at ");
    assertThat(GitOps.comparable(GitOps.get(plane, GitOps.APPLICATIONS, "argocd", "shop-staging")))
        .isEqualTo(GitOps.comparable(before));
  }

  @Test
  void appOfApps_pausesTheParentAndTheChild_andPutsBothBackAsTheyWere(RealControlPlane plane) throws Exception {
    String ns = "gitops-app-of-apps";
    twoReleases(plane, ns, "web");
    annotate(plane, ns, "web", "argocd.argoproj.io/tracking-id=orders:apps/Deployment:" + ns + "/web");
    GitOps.apply(plane, application("platform", "argocd", "{prune: true, selfHeal: true}", ""));
    GitOps.apply(plane, application("orders", ns, "{selfHeal: true}",
        "  annotations: {argocd.argoproj.io/tracking-id: 'platform:argoproj.io/Application:argocd/orders'}\n")
        .replace("  annotations: {notifications.argoproj.io/subscribe.on-sync-failed.slack: shop-alerts}\n", ""));
    JsonNode parentBefore = GitOps.get(plane, GitOps.APPLICATIONS, "argocd", "platform");
    JsonNode childBefore = GitOps.get(plane, GitOps.APPLICATIONS, "argocd", "orders");

    CliRun run = drill(plane, ns, "web", "gitops: pause", plane.adminKubeconfig());

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    JsonNode result = run.json();
    assertThat(result.get("gitopsOwners").asText()).isEqualTo("Argo CD Application argocd/orders (annotation "
        + "argocd.argoproj.io/tracking-id), owned by Argo CD Application argocd/platform (annotation "
        + "argocd.argoproj.io/tracking-id)");
    assertThat(result.get("gitopsPaused").asText()).startsWith("Argo CD Application argocd/platform: "
        + "spec.syncPolicy.automated removed; Argo CD Application argocd/orders: spec.syncPolicy.automated removed");
    assertThat(result.get("gitopsResumed").asText()).startsWith("Argo CD Application argocd/orders: "
        + "spec.syncPolicy.automated put back to {\"selfHeal\":true}; Argo CD Application argocd/platform: "
        + "spec.syncPolicy.automated put back to {\"prune\":true,\"selfHeal\":true}");
    assertThat(GitOps.comparable(GitOps.get(plane, GitOps.APPLICATIONS, "argocd", "platform")))
        .isEqualTo(GitOps.comparable(parentBefore));
    assertThat(GitOps.comparable(GitOps.get(plane, GitOps.APPLICATIONS, "argocd", "orders")))
        .isEqualTo(GitOps.comparable(childBefore));
  }

  @Test
  void fluxHelmReleaseOwnsAHelmChartsDeployment_beforeItsInstanceLabelIsLookedAt(RealControlPlane plane)
      throws Exception {
    String ns = "gitops-helmrelease";
    twoReleases(plane, ns, "web");
    label(plane, ns, "web", "app.kubernetes.io/instance=web", "app.kubernetes.io/managed-by=Helm",
        "helm.toolkit.fluxcd.io/name=web", "helm.toolkit.fluxcd.io/namespace=flux-system");
    GitOps.apply(plane, """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: web, namespace: flux-system}
        spec:
          interval: 5m
          releaseName: web
          targetNamespace: %s
          chart: {spec: {chart: web, version: '1.x', sourceRef: {kind: HelmRepository, name: shop}}}
        """.formatted(ns));

    CliRun run = drill(plane, ns, "web", "", plane.adminKubeconfig());

    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(3);
    assertThat(run.json().get("reason").asText()).contains("is reconciled by Flux HelmRelease flux-system/web "
        + "(labels helm.toolkit.fluxcd.io/name and namespace)");
    assertThat(revision(plane, ns, "web")).isEqualTo("2");
  }

  @Test
  void deploymentBehindAnArgoRollout_isRefusedEvenWithPause(RealControlPlane plane) throws Exception {
    String ns = "gitops-rollout";
    twoReleases(plane, ns, "web");
    GitOps.apply(plane, """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: web-rollout, namespace: %s}
        spec:
          replicas: 1
          workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web, scaleDown: progressively}
          strategy: {canary: {steps: [{setWeight: 20}]}}
        """.formatted(ns));

    CliRun run = drill(plane, ns, "web", "gitops: pause", plane.adminKubeconfig());

    assertThat(run.exitCode()).as(run.err() + run.out()).isEqualTo(3);
    assertThat(run.json().get("reason").asText()).contains("is the workload of Argo Rollouts Rollout " + ns
        + "/web-rollout (spec.workloadRef)").contains("kubectl argo rollouts undo web-rollout -n " + ns);
    assertThat(revision(plane, ns, "web")).isEqualTo("2");
  }

  @Test
  void pauseUnderTheShippedRoleAlone_isRefusedNamingTheOptionalRole_andRunsOnceItIsGranted(RealControlPlane plane)
      throws Exception {
    String ns = RealControlPlane.ROLE_NAMESPACE;
    twoReleases(plane, ns, "gitops-web");
    label(plane, ns, "gitops-web", "kustomize.toolkit.fluxcd.io/name=rbac-shop",
        "kustomize.toolkit.fluxcd.io/namespace=flux-system");
    GitOps.apply(plane, kustomization("rbac-shop", ""));

    CliRun refused = drill(plane, ns, "gitops-web", "gitops: pause", plane.drillbookKubeconfig());

    assertThat(refused.json().get("verdict").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(refused.json().get("reason").asText())
        .contains("this identity may not get kustomize.toolkit.fluxcd.io/kustomizations in namespace flux-system");

    Kubectl.admin(plane).run("apply", "-f", "k8s/optional/flux-role.yaml").ok();
    CliRun run = drill(plane, ns, "gitops-web", "gitops: pause", plane.drillbookKubeconfig());

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    assertThat(run.json().get("gitopsResumed").asText()).startsWith("Flux Kustomization flux-system/rbac-shop");
  }

  private static void twoReleases(RealControlPlane plane, String ns, String name) throws Exception {
    new Workloads(Kubectl.admin(plane)).createNamespace(ns);
    new Workloads(Kubectl.admin(plane)).deploy(Release.of(ns, name, V1), Release.of(ns, name, V2));
  }

  private static void annotate(RealControlPlane plane, String ns, String name, String... pairs) throws Exception {
    run(plane, "annotate", ns, name, pairs);
  }

  private static void label(RealControlPlane plane, String ns, String name, String... pairs) throws Exception {
    run(plane, "label", ns, name, pairs);
  }

  private static void run(RealControlPlane plane, String verb, String ns, String name, String... pairs)
      throws Exception {
    String[] args = new String[4 + pairs.length];
    args[0] = "-n";
    args[1] = ns;
    args[2] = verb;
    args[3] = "deployment/" + name;
    System.arraycopy(pairs, 0, args, 4, pairs.length);
    Kubectl.admin(plane).run(args).ok();
  }

  private static String application(String name, String ns, String automated, String extraMetadata) {
    return """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: %s
          namespace: argocd
          labels: {team: shop}
          annotations: {notifications.argoproj.io/subscribe.on-sync-failed.slack: shop-alerts}
        %sspec:
          project: default
          source: {repoURL: 'https://git.example.com/shop/deploy.git', path: staging, targetRevision: main}
          destination: {server: 'https://kubernetes.default.svc', namespace: %s}
          syncPolicy:
            automated: %s
            syncOptions: [CreateNamespace=false]
        """.formatted(name, extraMetadata, ns, automated);
  }

  /** The Application with the status Argo CD's controller would write: the one resource it tracks. */
  private static String status(String ns, String deployment) {
    return "{\"status\":{\"resources\":[{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"Deployment\","
        + "\"namespace\":\"" + ns + "\",\"name\":\"" + deployment + "\",\"status\":\"Synced\"}]}}";
  }

  private static String kustomization(String name, String extraSpec) {
    return """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: %s
          namespace: flux-system
          labels: {team: shop}
          annotations: {reconcile.fluxcd.io/requestedAt: "2026-12-01T10:00:00Z"}
        spec:
          interval: 10m
          path: ./staging
          prune: true
          sourceRef: {kind: GitRepository, name: shop}
        %s""".formatted(name, extraSpec);
  }

  private static String revision(RealControlPlane plane, String ns, String name) {
    try (KubernetesClient admin = plane.admin()) {
      Deployment d = admin.apps().deployments().inNamespace(ns).withName(name).get();
      return d.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision");
    }
  }

  private static String image(RealControlPlane plane, String ns, String name) {
    try (KubernetesClient admin = plane.admin()) {
      return admin.apps().deployments().inNamespace(ns).withName(name).get().getSpec().getTemplate().getSpec()
          .getContainers().get(0).getImage();
    }
  }

  private CliRun drill(RealControlPlane plane, String ns, String name, String gitops, Path kubeconfig)
      throws Exception {
    return JarProcess.run(dir, "drill", name, "--config",
        config(plane, ns, name, gitops, kubeconfig, "{ rollout: 1m, health: 30s }", "").toString(), "--output",
        "json");
  }

  private Path config(RealControlPlane plane, String ns, String name, String gitops, Path kubeconfig,
      String timeouts, String topLevel) throws Exception {
    return RealDrill.of(plane, ns, name, "previous").withKubeconfig(kubeconfig).withTimeouts(timeouts)
        .withTopLevel(topLevel).withDrillKeys(gitops).writeConfig(dir);
  }

}
