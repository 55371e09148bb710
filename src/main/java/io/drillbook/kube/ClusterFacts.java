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
    return helmRelease(namespace, release).isPresent();
  }

  /**
   * A Helm release as its release Secrets' labels show it, without decoding a release: how many revisions it keeps and
   * the newest one's number and status. Empty when it has no release Secrets.
   */
  public java.util.Optional<HelmReleaseState> helmRelease(String namespace, String release) throws ClusterException {
    java.util.List<io.fabric8.kubernetes.api.model.Secret> secrets;
    try {
      secrets = client.secrets().inNamespace(namespace).withLabel("owner", "helm").withLabel("name", release).list()
          .getItems().stream().filter(s -> s.getMetadata().getName().startsWith("sh.helm.release.v1." + release
              + ".v")).toList();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return java.util.Optional.empty();
      }
      throw KubeErrors.failure("cannot look up helm release " + namespace + "/" + release + " at "
          + client.getMasterUrl() + ": ", e);
    }
    int newest = -1;
    String status = "";
    for (var s : secrets) {
      var labels = s.getMetadata().getLabels();
      int version;
      try {
        version = Integer.parseInt(labels.getOrDefault("version", ""));
      } catch (NumberFormatException e) {
        continue;
      }
      if (version > newest) {
        newest = version;
        status = labels.getOrDefault("status", "");
      }
    }
    return secrets.isEmpty() ? java.util.Optional.empty()
        : java.util.Optional.of(new HelmReleaseState(secrets.size(), newest, status));
  }

  /**
   * @param revisions how many revisions Helm keeps for it
   * @param latest the newest revision's number (-1 when no Secret carried a readable version label)
   * @param status that revision's status ({@code deployed}, {@code pending-upgrade}, ...)
   */
  public record HelmReleaseState(int revisions, int latest, String status) {
    public boolean pending() {
      return status.startsWith("pending-");
    }
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
