package io.drillbook.realcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The GitOps side of the real control plane for the tests: drillbook's own CRDs for Argo CD, Flux and Argo Rollouts
 * installed once, objects of those kinds written as their controllers' users write them, and a stand-in reconciler
 * that does what Flux's kustomize-controller does to a Deployment it owns: puts Git's image back, unless its
 * Kustomization is suspended.
 */
final class GitOps {
  static final ResourceDefinitionContext APPLICATIONS = context("argoproj.io", "v1alpha1", "applications");
  static final ResourceDefinitionContext APPLICATION_SETS = context("argoproj.io", "v1alpha1", "applicationsets");
  static final ResourceDefinitionContext KUSTOMIZATIONS =
      context("kustomize.toolkit.fluxcd.io", "v1", "kustomizations");
  static final ResourceDefinitionContext HELM_RELEASES = context("helm.toolkit.fluxcd.io", "v2", "helmreleases");
  static final ResourceDefinitionContext ROLLOUTS = context("argoproj.io", "v1alpha1", "rollouts");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private GitOps() {}

  /** Installs the CRDs (once per control plane) and waits until the API server serves them. */
  static void install(RealControlPlane plane) throws IOException, InterruptedException {
    if (INSTALLED.getAndSet(true)) {
      return;
    }
    String crds;
    try (var in = GitOps.class.getResourceAsStream("/realcluster/gitops-crds.yaml")) {
      crds = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Kubectl kubectl = Kubectl.admin(plane);
    kubectl.runWithInput(crds, "apply", "-f", "-").ok();
    kubectl.run("wait", "--for", "condition=Established", "--timeout=60s", "crd/applications.argoproj.io",
        "crd/applicationsets.argoproj.io", "crd/kustomizations.kustomize.toolkit.fluxcd.io",
        "crd/helmreleases.helm.toolkit.fluxcd.io", "crd/rollouts.argoproj.io").ok();
  }

  /**
   * Removes the CRDs again, so that the other tests on this control plane see a cluster without Argo CD, Flux or
   * Argo Rollouts, as they were written for.
   */
  static void uninstall(RealControlPlane plane) throws IOException, InterruptedException {
    if (!INSTALLED.getAndSet(false)) {
      return;
    }
    Kubectl.admin(plane).run("delete", "crd", "--wait=true", "--timeout=120s", "applications.argoproj.io",
        "applicationsets.argoproj.io", "kustomizations.kustomize.toolkit.fluxcd.io",
        "helmreleases.helm.toolkit.fluxcd.io", "rollouts.argoproj.io").ok();
  }

  static ResourceDefinitionContext context(String group, String version, String plural) {
    return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
        .withNamespaced(true).build();
  }

  /** Creates (or replaces) an object from YAML, through kubectl as a user would. */
  static void apply(RealControlPlane plane, String yaml) throws IOException, InterruptedException {
    Kubectl.admin(plane).runWithInput(yaml, "apply", "--server-side", "--force-conflicts", "-f", "-").ok();
  }

  /**
   * Writes an Application's status as Argo CD's controller does: through the object itself, since the Application
   * CRD has no status subresource.
   */
  static void setStatus(RealControlPlane plane, String application, String statusJson)
      throws IOException, InterruptedException {
    Kubectl.admin(plane).run("-n", "argocd", "patch", "application/" + application, "--type=merge", "-p", statusJson)
        .ok();
  }

  static JsonNode get(RealControlPlane plane, ResourceDefinitionContext kind, String namespace, String name) {
    try (KubernetesClient admin = plane.admin()) {
      GenericKubernetesResource found = admin.genericKubernetesResources(kind).inNamespace(namespace).withName(name)
          .get();
      return found == null ? null : MAPPER.valueToTree(found);
    }
  }

  /** What "exactly as it was" compares: spec, labels and annotations (not resourceVersion, status, managedFields). */
  static JsonNode comparable(JsonNode object) {
    ObjectNode kept = MAPPER.createObjectNode();
    kept.set("spec", object.get("spec"));
    kept.set("labels", object.path("metadata").get("labels"));
    kept.set("annotations", object.path("metadata").get("annotations"));
    return kept;
  }

  /**
   * The stand-in for Flux's kustomize-controller on one Deployment: every 200 ms, unless the Kustomization says
   * {@code suspend: true}, a Deployment whose first container does not run Git's image gets it back.
   */
  static final class Reconciler implements AutoCloseable {
    private final Thread thread;
    private final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger reverts = new AtomicInteger();

    Reconciler(RealControlPlane plane, String kustomizationNs, String kustomization, String namespace,
        String deployment, String gitImage) {
      thread = new Thread(() -> {
        try (KubernetesClient admin = plane.admin()) {
          while (!stop.get()) {
            try {
              GenericKubernetesResource ks = admin.genericKubernetesResources(KUSTOMIZATIONS)
                  .inNamespace(kustomizationNs).withName(kustomization).get();
              boolean suspended = ks != null && MAPPER.valueToTree(ks).path("spec").path("suspend").asBoolean(false);
              var d = admin.apps().deployments().inNamespace(namespace).withName(deployment).get();
              if (!suspended && d != null
                  && !gitImage.equals(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())) {
                admin.apps().deployments().inNamespace(namespace).withName(deployment).edit(x -> {
                  x.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(gitImage);
                  return x;
                });
                reverts.incrementAndGet();
              }
              Thread.sleep(200);
            } catch (InterruptedException e) {
              return;
            } catch (RuntimeException e) {
              // A conflict with the drill's own write: the next round reads again, as a controller would.
            }
          }
        }
      }, "reconciler-" + kustomization);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join(10_000);
    }
  }
}
