package io.drillbook.kube;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The other controllers' kinds drillbook reads (and, paused, writes one field of), at the API versions whose
 * conventions it follows: Argo CD 2.x/3.x ({@code argoproj.io/v1alpha1}), Flux 2.x ({@code kustomize.toolkit.fluxcd.io/v1},
 * {@code helm.toolkit.fluxcd.io/v2}) and Argo Rollouts 1.x ({@code argoproj.io/v1alpha1}).
 *
 * @param title for people, e.g. {@code Flux Kustomization}
 * @param kind the object kind, as a tracking id or an owner reference names it
 */
record GitOpsKinds(String title, String group, String version, String resource, String kind) {
  static final GitOpsKinds APPLICATION =
      new GitOpsKinds("Argo CD Application", "argoproj.io", "v1alpha1", "applications", "Application");
  static final GitOpsKinds APPLICATION_SET =
      new GitOpsKinds("Argo CD ApplicationSet", "argoproj.io", "v1alpha1", "applicationsets", "ApplicationSet");
  static final GitOpsKinds KUSTOMIZATION =
      new GitOpsKinds("Flux Kustomization", "kustomize.toolkit.fluxcd.io", "v1", "kustomizations", "Kustomization");
  static final GitOpsKinds HELM_RELEASE =
      new GitOpsKinds("Flux HelmRelease", "helm.toolkit.fluxcd.io", "v2", "helmreleases", "HelmRelease");
  static final GitOpsKinds ROLLOUT =
      new GitOpsKinds("Argo Rollouts Rollout", "argoproj.io", "v1alpha1", "rollouts", "Rollout");

  String apiVersion() {
    return group + "/" + version;
  }

  ResourceDefinitionContext context() {
    return context(apiVersion(), resource);
  }

  /** A namespaced resource of {@code apiVersion} ({@code group/version}) by its plural name, for generic access. */
  static ResourceDefinitionContext context(String apiVersion, String resource) {
    String[] gv = apiVersion.split("/", 2);
    return new ResourceDefinitionContext.Builder().withGroup(gv[0]).withVersion(gv[1]).withPlural(resource)
        .withNamespaced(true).build();
  }
}
