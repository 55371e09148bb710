package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code application/strategic-merge-patch+json}, which kubectl sends for {@code rollout restart} and {@code set
 * image} and the CRUD store refuses (415). The patch is applied here to the stored object and the result handed to
 * the store as a JSON patch: lists that have a patch merge key in the Kubernetes API ({@code containers} by
 * {@code name}, {@code ports} by {@code containerPort}, ...) are merged element by element ({@code $patch: delete}
 * removes one); directives ({@code $setElementOrder/...}, {@code $retainKeys}) are dropped; nulls delete. Lists
 * without a merge key are replaced, as strategic merge replaces them.
 */
final class StrategicMergePatch {

  static final String CONTENT_TYPE = "application/strategic-merge-patch+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  // patchMergeKey of the list fields of pods, pod templates and workload statuses (k8s.io/api types.go).
  private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
      Map.entry("containers", "name"), Map.entry("initContainers", "name"),
      Map.entry("ephemeralContainers", "name"), Map.entry("env", "name"), Map.entry("volumes", "name"),
      Map.entry("imagePullSecrets", "name"), Map.entry("ports", "containerPort"),
      Map.entry("volumeMounts", "mountPath"), Map.entry("volumeDevices", "devicePath"),
      Map.entry("conditions", "type"), Map.entry("ownerReferences", "uid"));

  private StrategicMergePatch() {}

  static boolean handles(RecordedRequest request) {
    return PatchRewrite.isPatch(request, CONTENT_TYPE);
  }

  /**
   * The same request as the JSON patch (RFC 6902) from the stored object to what the strategic merge makes of it
   * ({@link PatchRewrite}). Not a JSON merge patch: the store's merge patch appends to lists instead of replacing them.
   */
  static RecordedRequest asJsonPatch(RecordedRequest request, Function<String, String> current) {
    return PatchRewrite.asJsonPatch(request, current, StrategicMergePatch::apply);
  }

  /** The object {@code patch} makes of {@code current}. */
  static JsonNode apply(JsonNode current, JsonNode patch) {
    if (!patch.isObject() || current == null || !current.isObject()) {
      return strip(patch);
    }
    ObjectNode result = current.deepCopy();
    patch.fields().forEachRemaining(e -> {
      String field = e.getKey();
      JsonNode value = e.getValue();
      if (field.startsWith("$")) {
        return;
      }
      if (value.isNull()) {
        result.remove(field);
      } else if (value.isObject()) {
        result.set(field, apply(result.get(field), value));
      } else if (value.isArray()) {
        result.set(field, mergeList(field, (ArrayNode) value, result.get(field)));
      } else {
        result.set(field, value);
      }
    });
    return result;
  }

  private static JsonNode mergeList(String field, ArrayNode patch, JsonNode stored) {
    String key = MERGE_KEYS.get(field);
    if (key == null || stored == null || !stored.isArray()) {
      return strip(patch);
    }
    ArrayNode result = ((ArrayNode) stored).deepCopy();
    for (JsonNode element : patch) {
      if (!element.isObject() || !element.has(key)) {
        continue;
      }
      int index = indexOf(result, key, element.get(key));
      if ("delete".equals(element.path("$patch").asText())) {
        if (index >= 0) {
          result.remove(index);
        }
      } else if (index >= 0) {
        result.set(index, apply(result.get(index), element));
      } else {
        result.add(strip(element));
      }
    }
    return result;
  }

  private static int indexOf(ArrayNode list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      if (value.equals(list.get(i).get(key))) {
        return i;
      }
    }
    return -1;
  }

  // A value as it is stored: directives and nulls removed.
  private static JsonNode strip(JsonNode value) {
    if (value.isObject()) {
      ObjectNode out = JSON.createObjectNode();
      value.fields().forEachRemaining(e -> {
        if (!e.getKey().startsWith("$") && !e.getValue().isNull()) {
          out.set(e.getKey(), strip(e.getValue()));
        }
      });
      return out;
    }
    if (value.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      value.forEach(v -> {
        if (!(v.isObject() && v.has("$patch"))) {
          out.add(strip(v));
        }
      });
      return out;
    }
    return value;
  }
}
