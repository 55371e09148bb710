package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The writes a Deployment controller makes, as JSON patches over HTTP. JSON patches touch only the paths they
 * name, so they never race a user's concurrent change to other fields the way a full PUT would.
 */
final class ApiWriter {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PatchContext JSON_PATCH = PatchContext.of(PatchType.JSON);

  private final KubernetesClient client;

  ApiWriter(KubernetesClient client) {
    this.client = client;
  }

  Deployment getDeployment(String namespace, String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  List<ReplicaSet> ownedReplicaSets(Deployment deployment) {
    return client.apps().replicaSets().inNamespace(deployment.getMetadata().getNamespace()).list().getItems()
        .stream()
        .filter(rs -> Revisions.ownedBy(rs, deployment))
        .sorted(Revisions.oldestFirst())
        .toList();
  }

  /** Creates the namespace as a real cluster has it (Active), unless it already exists. */
  void ensureNamespace(String name) {
    if (client.namespaces().withName(name).get() == null) {
      client.resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(name)
          .addToLabels("kubernetes.io/metadata.name", name).endMetadata()
          .withNewStatus().withPhase("Active").endStatus().build()).create();
    }
  }

  Deployment create(Deployment deployment) {
    return client.resource(deployment).create();
  }

  ReplicaSet create(ReplicaSet replicaSet) {
    return client.resource(replicaSet).create();
  }

  /** Creates any other object the seed has beside its Deployment (an HPA, an Ingress). */
  <T extends io.fabric8.kubernetes.api.model.HasMetadata> T createObject(T object) {
    return client.resource(object).create();
  }

  /** Replaces the whole pod template, as a CD system re-deploying an earlier release's manifest does. */
  Deployment replaceTemplate(Deployment deployment, io.fabric8.kubernetes.api.model.PodTemplateSpec template) {
    try {
      ArrayNode ops = JSON.createArrayNode();
      ops.add(op("replace", "/spec/template").set("value", JSON.readTree(Serialization.asJson(template))));
      return client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
          .withName(deployment.getMetadata().getName())
          .patch(JSON_PATCH, ops.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code kubectl set image} for one container. */
  Deployment setImage(Deployment deployment, int containerIndex, String image) {
    ArrayNode ops = JSON.createArrayNode();
    ops.add(op("replace", "/spec/template/spec/containers/" + containerIndex + "/image").put("value", image));
    return client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
        .withName(deployment.getMetadata().getName())
        .patch(JSON_PATCH, ops.toString());
  }

  /** Sets (adds or replaces) annotations; metadata-only, so the generation stays. */
  void annotate(Deployment deployment, Map<String, String> annotations) {
    client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
        .withName(deployment.getMetadata().getName())
        .patch(JSON_PATCH, annotationOps(annotations));
  }

  void annotate(ReplicaSet rs, Map<String, String> annotations) {
    client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName())
        .patch(JSON_PATCH, annotationOps(annotations));
  }

  /** Scales a replica set's spec and returns it with its new generation. */
  ReplicaSet scale(ReplicaSet rs, int replicas, Map<String, String> annotations) {
    ArrayNode ops = JSON.createArrayNode();
    ops.add(op("replace", "/spec/replicas").put("value", replicas));
    annotations.forEach((k, v) -> ops.add(op("add", annotationPath(k)).put("value", v)));
    return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
        .withName(rs.getMetadata().getName())
        .patch(JSON_PATCH, ops.toString());
  }

  ReplicaSet writeStatus(ReplicaSet rs, ReplicaSetStatus status) {
    return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
        .withName(rs.getMetadata().getName())
        .subresource("status")
        .patch(JSON_PATCH, replaceStatus(status));
  }

  Deployment writeStatus(Deployment deployment, DeploymentStatus status) {
    return client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
        .withName(deployment.getMetadata().getName())
        .subresource("status")
        .patch(JSON_PATCH, replaceStatus(status));
  }

  private static String annotationOps(Map<String, String> annotations) {
    ArrayNode ops = JSON.createArrayNode();
    annotations.forEach((k, v) -> ops.add(op("add", annotationPath(k)).put("value", v)));
    return ops.toString();
  }

  // "add" replaces an existing member and creates a missing one, so it works whatever the current status is.
  private static String replaceStatus(Object status) {
    try {
      ArrayNode ops = JSON.createArrayNode();
      ops.add(op("add", "/status").set("value", JSON.readTree(Serialization.asJson(status))));
      return ops.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode op(String op, String path) {
    return JSON.createObjectNode().put("op", op).put("path", path);
  }

  private static String annotationPath(String key) {
    return "/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1");
  }
}
