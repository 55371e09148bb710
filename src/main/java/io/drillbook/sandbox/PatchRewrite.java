package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * Re-sends a PATCH to the CRUD store as the JSON patch (RFC 6902) from the stored object to the object kube-apiserver
 * would make of it. The store applies JSON patches exactly, where its own merge patch keeps nulls and appends to
 * lists; each patch type supplies only its merge rule.
 */
final class PatchRewrite {
  private static final String JSON_PATCH = "application/json-patch+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PatchRewrite() {}

  /** Whether {@code request} is a PATCH whose body is of {@code contentType}. */
  static boolean isPatch(RecordedRequest request, String contentType) {
    String type = request.getHeader("Content-Type");
    return "PATCH".equalsIgnoreCase(request.getMethod()) && type != null && type.startsWith(contentType);
  }

  /**
   * @param stored the stored object at a path without query, or null when there is none
   * @param merge (stored object, patch body) to the patched object
   * @return the rewritten request; {@code request} itself when nothing is stored at its path (the store then answers
   *     404) or its body is not JSON (the store answers 400)
   */
  static RecordedRequest asJsonPatch(RecordedRequest request, Function<String, String> stored,
      BinaryOperator<JsonNode> merge) {
    String current = stored.apply(UrlParts.withoutQuery(request.getPath()));
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
      diff(before, merge.apply(before, patch), "", ops);
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
  static void diff(JsonNode before, JsonNode after, String pointer, ArrayNode ops) {
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
}
