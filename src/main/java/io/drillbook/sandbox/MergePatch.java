package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.function.Function;

/**
 * {@code application/merge-patch+json} as RFC 7386 and kube-apiserver apply it: a {@code null} removes the key. The
 * CRUD store instead keeps the key with a null value ({@code "note": null} stays in the annotations), so the patch is
 * applied here and handed to the store as the equivalent JSON patch ({@link PatchRewrite}).
 */
final class MergePatch {

  static final String CONTENT_TYPE = "application/merge-patch+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private MergePatch() {}

  static boolean handles(RecordedRequest request) {
    return PatchRewrite.isPatch(request, CONTENT_TYPE);
  }

  /** The same request as a JSON patch; see {@link PatchRewrite#asJsonPatch}. */
  static RecordedRequest asJsonPatch(RecordedRequest request, Function<String, String> stored) {
    return PatchRewrite.asJsonPatch(request, stored, MergePatch::apply);
  }

  /** RFC 7386 section 2: MergePatch(Target, Patch). */
  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
        : JSON.createObjectNode();
    patch.fields().forEachRemaining(field -> {
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
      }
    });
    return result;
  }
}
