package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;

/**
 * The CRUD store answers every collection GET as a generic {@code v1 List}; client-go's typed clients
 * (kubectl rollout undo/history) then decode no items. This restores the real {@code <Kind>List} type.
 */
final class ListKinds {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> KINDS = Map.of(
      "deployments", "Deployment",
      "replicasets", "ReplicaSet",
      "pods", "Pod",
      "namespaces", "Namespace",
      "events", "Event",
      "services", "Service",
      "configmaps", "ConfigMap",
      "horizontalpodautoscalers", "HorizontalPodAutoscaler",
      "ingresses", "Ingress");

  private ListKinds() {}

  /** The body with its list kind and apiVersion fixed, or the body unchanged when it is not a generic list. */
  static String typed(String path, String body) {
    if (body == null || !body.contains("\"kind\":\"List\"")) {
      return body;
    }
    try {
      JsonNode node = JSON.readTree(body);
      if (!node.isObject() || !"List".equals(node.path("kind").asText())) {
        return body;
      }
      String[] segments = UrlParts.withoutQuery(path).split("/");
      String groupVersion = groupVersion(segments);
      JsonNode items = node.path("items");
      String kind = items.size() > 0 ? items.get(0).path("kind").asText(null)
          : KINDS.get(segments[segments.length - 1]);
      if (groupVersion == null || kind == null) {
        return body;
      }
      ObjectNode typed = (ObjectNode) node;
      typed.put("apiVersion", groupVersion);
      typed.put("kind", kind + "List");
      return JSON.writeValueAsString(typed);
    } catch (IOException e) {
      return body;
    }
  }

  // "/api/v1/..." is core v1; "/apis/{group}/{version}/..." is group/version.
  private static String groupVersion(String[] segments) {
    if (segments.length > 2 && "api".equals(segments[1])) {
      return segments[2];
    }
    if (segments.length > 3 && "apis".equals(segments[1])) {
      return segments[2] + "/" + segments[3];
    }
    return null;
  }
}
