package io.drillbook.kube;

import io.drillbook.drill.ClusterException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/** Read-only questions a runbook's drift audit asks a cluster. */
public final class ClusterFacts {
  private final KubernetesClient client;

  public ClusterFacts(KubernetesClient client) {
    this.client = client;
  }

  public boolean namespaceExists(String namespace) throws ClusterException {
    return ask("namespace " + namespace, () -> client.namespaces().withName(namespace).get() != null);
  }

  public boolean deploymentExists(String namespace, String name) throws ClusterException {
    return ask("deployment " + namespace + "/" + name,
        () -> client.apps().deployments().inNamespace(namespace).withName(name).get() != null);
  }

  public boolean statefulSetExists(String namespace, String name) throws ClusterException {
    return ask("statefulset " + namespace + "/" + name,
        () -> client.apps().statefulSets().inNamespace(namespace).withName(name).get() != null);
  }

  public boolean hpaExists(String namespace, String name) throws ClusterException {
    return ask("hpa " + namespace + "/" + name, () -> client.autoscaling().v2().horizontalPodAutoscalers()
        .inNamespace(namespace).withName(name).get() != null);
  }

  /** Whether any pod in the namespace matches the label selector (as {@code kubectl -l} writes it). */
  public boolean podsMatch(String namespace, String selector) throws ClusterException {
    return ask("pods -l " + selector + " in " + namespace, () -> !client.pods().inNamespace(namespace)
        .withLabelSelector(selector).list().getItems().isEmpty());
  }

  /** Whether Helm has a release of that name in the namespace (its {@code sh.helm.release.v1.NAME.vN} secrets). */
  public boolean helmReleaseExists(String namespace, String release) throws ClusterException {
    return ask("helm release " + namespace + "/" + release, () -> client.secrets().inNamespace(namespace)
        .withLabel("owner", "helm").withLabel("name", release).list().getItems().stream()
        .anyMatch(s -> s.getMetadata().getName().startsWith("sh.helm.release.v1." + release + ".v")));
  }

  private boolean ask(String what, Supplier<Boolean> question) throws ClusterException {
    try {
      return question.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw KubeErrors.failure("cannot look up " + what + " at " + client.getMasterUrl() + ": ", e);
    }
  }
}
