package io.drillbook.sandbox;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What a drill does to the sandbox, done the way kubectl does it. */
final class Drills {

  // kubectl's rollback keeps these from the Deployment and never copies them from the ReplicaSet.
  private static final Set<String> ANNOTATIONS_TO_SKIP = Set.of(
      "kubectl.kubernetes.io/last-applied-configuration",
      "deployment.kubernetes.io/revision",
      "deployment.kubernetes.io/revision-history",
      "deployment.kubernetes.io/desired-replicas",
      "deployment.kubernetes.io/max-replicas",
      "deprecated.deployment.rollback.to");

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Drills() {}

  static Deployment deployment(KubernetesClient client, String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get();
  }

  static List<ReplicaSet> replicaSets(KubernetesClient client, Deployment deployment) {
    return client.apps().replicaSets().inNamespace(deployment.getMetadata().getNamespace())
        .withLabels(deployment.getSpec().getSelector().getMatchLabels()).list().getItems().stream()
        .filter(rs -> rs.getMetadata().getOwnerReferences().stream()
            .anyMatch(ref -> ref.getUid().equals(deployment.getMetadata().getUid())))
        .toList();
  }

  static ReplicaSet replicaSetAtRevision(KubernetesClient client, Deployment deployment, long revision) {
    return replicaSets(client, deployment).stream()
        .filter(rs -> Long.toString(revision).equals(revision(rs)))
        .findFirst().orElseThrow();
  }

  static String revision(io.fabric8.kubernetes.api.model.HasMetadata resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get("deployment.kubernetes.io/revision");
  }

  /** {@code kubectl rollout undo --to-revision=N}: one JSON patch of the template and the annotations. */
  static void undoTo(KubernetesClient client, String ns, String name, long revision) {
    Deployment deployment = deployment(client, ns, name);
    ReplicaSet target = replicaSetAtRevision(client, deployment, revision);
    PodTemplateSpec template = Serialization.clone(target.getSpec().getTemplate());
    template.getMetadata().getLabels().remove("pod-template-hash");
    Map<String, String> annotations = new LinkedHashMap<>();
    deployment.getMetadata().getAnnotations().forEach((k, v) -> {
      if (ANNOTATIONS_TO_SKIP.contains(k)) {
        annotations.put(k, v);
      }
    });
    target.getMetadata().getAnnotations().forEach((k, v) -> {
      if (!ANNOTATIONS_TO_SKIP.contains(k)) {
        annotations.put(k, v);
      }
    });
    String patch = "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":" + Serialization.asJson(template)
        + "},{\"op\":\"replace\",\"path\":\"/metadata/annotations\",\"value\":" + Serialization.asJson(annotations)
        + "}]";
    client.apps().deployments().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON), patch);
  }

  /** {@code kubectl set image}: a new template, hence a new ReplicaSet. */
  static void setImage(KubernetesClient client, String ns, String name, String image) {
    String patch = "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\""
        + image + "\"}]";
    client.apps().deployments().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON), patch);
  }

  static Optional<DeploymentCondition> condition(Deployment deployment, String type) {
    if (deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return deployment.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static int healthStatus(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString())
          .statusCode();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
