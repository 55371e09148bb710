package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * {@code application/merge-patch+json} as RFC 7386 and kube-apiserver apply it: a {@code null} removes the key. The
 * CRUD store instead keeps the key with a null value ({@code "note": null} stays in the annotations), so the patch is
 * applied here to the stored object and handed to the store as the equivalent JSON patch, which it applies exactly.
 */
final class MergePatch {

  static final String CONTENT_TYPE = "application/merge-patch+json";
  private static final String JSON_PATCH = "application/json-patch+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private MergePatch() {}

  static boolean handles(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    return "PATCH".equalsIgnoreCase(request.getMethod()) && type != null && type.startsWith(CONTENT_TYPE);
  }

  /**
   * The same request as a JSON patch from the stored object to the merged one; unchanged when nothing is stored at
   * that path (the store then answers 404 as before) or the body is not JSON (the store answers 400 as before).
   */
  static RecordedRequest asJsonPatch(RecordedRequest request, Function<String, String> stored) {
    String path = request.getPath().contains("?")
        ? request.getPath().substring(0, request.getPath().indexOf('?')) : request.getPath();
    String current = stored.apply(path);
    if (current == null) {
      return request;
    }
    JsonNode patch;
    try {
      patch = JSON.readTree(request.getUtf8Body());
    } catch (IOException e) {
      return request;
    }
    try {
      JsonNode before = JSON.readTree(current);
      ArrayNode ops = JSON.createArrayNode();
      diff(before, apply(before, patch), "", ops);
      byte[] body = JSON.writeValueAsBytes(ops);
      return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
          request.getHeaders().newBuilder().set("Content-Type", JSON_PATCH)
              .set("Content-Length", Integer.toString(body.length)).build(),
          new Buffer(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JSON patch operations that turn {@code before} into {@code after}; lists are replaced whole. */
  private static void diff(JsonNode before, JsonNode after, String pointer, ArrayNode ops) {
    if (before.isObject() && after.isObject()) {
      before.fieldNames().forEachRemaining(key -> {
        if (!after.has(key)) {
          ops.addObject().put("op", "remove").put("path", pointer + "/" + escape(key));
        }
      });
      after.fields().forEachRemaining(field -> {
        String path = pointer + "/" + escape(field.getKey());
        JsonNode old = before.get(field.getKey());
        if (old == null) {
          ops.addObject().put("op", "add").put("path", path).set("value", field.getValue());
        } else {
          diff(old, field.getValue(), path, ops);
        }
      });
    } else if (!before.equals(after)) {
      ops.addObject().put("op", "replace").put("path", pointer).set("value", after);
    }
  }

  // RFC 6901: "~" and "/" in a key (annotation keys hold "/").
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
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
