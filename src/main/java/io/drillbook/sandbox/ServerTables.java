package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The server-side {@code meta.k8s.io/v1 Table} kubectl asks for ({@code Accept: application/json;as=Table;...}) and
 * prints as it comes: the column definitions are those kube-apiserver v1.36.3 sends (captured from it into
 * {@code table-columns.json}), the cells are computed as its printers compute them ({@link TableCells}). Like the
 * real server it always sends every column; kubectl hides those of priority 1 unless {@code -o wide}.
 */
final class ServerTables {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, JsonNode> COLUMNS = loadColumns();

  private ServerTables() {}

  /** Whether the request asks for a Table (kubectl's {@code get}), as opposed to plain JSON. */
  static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  /**
   * The Table for a GET's JSON body (one object or a list) of {@code resource} (plural), or null when the sandbox has
   * no printer for it (kubectl then prints NAME and AGE itself, as for any server without tables).
   *
   * @param includeObject the request's {@code includeObject}: {@code None}, {@code Object}, else metadata only
   */
  static String render(String resource, String body, String includeObject, Instant now) {
    if (!COLUMNS.containsKey(resource) || body == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(table(resource, JSON.readTree(body), includeObject, now, true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the sandbox has a printer for {@code resource}. */
  static boolean prints(String resource) {
    return COLUMNS.containsKey(resource);
  }

  /**
   * The Table of one object or a list; {@code headers} false leaves the column definitions out, as the real server
   * does for every watch event after the first.
   */
  static ObjectNode table(String resource, JsonNode node, String includeObject, Instant now, boolean headers) {
    // The real server lists in storage key order: by namespace, then name.
    List<JsonNode> items = node.has("items") ? toList(node.path("items")).stream()
        .sorted(java.util.Comparator.comparing((JsonNode i) -> i.path("metadata").path("namespace").asText())
            .thenComparing(i -> i.path("metadata").path("name").asText()))
        .toList() : List.of(node);
    ObjectNode table = JSON.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    String resourceVersion = node.path("metadata").path("resourceVersion").asText("");
    if (!resourceVersion.isEmpty()) {
      metadata.put("resourceVersion", resourceVersion);
    }
    if (headers) {
      table.set("columnDefinitions", COLUMNS.get(resource));
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      TableCells.of(resource, item, now).forEach(cells::addPOJO);
      if ("Object".equals(includeObject)) {
        row.set("object", item);
      } else if (!"None".equals(includeObject)) {
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", item.path("metadata"));
      }
    }
    return table;
  }

  /** The plural resource a GET path names ({@code /api/v1/namespaces/ns/pods/x} is {@code pods}), or null. */
  static String resourceOf(String path) {
    String bare = UrlParts.withoutQuery(path);
    String[] s = bare.split("/");
    int start = s.length > 2 && "api".equals(s[1]) ? 3 : s.length > 3 && "apis".equals(s[1]) ? 4 : -1;
    if (start < 0 || s.length <= start) {
      return null;
    }
    if ("namespaces".equals(s[start]) && s.length > start + 2) {
      start += 2;
    }
    return s.length - start <= 2 ? s[start] : null;
  }

  private static List<JsonNode> toList(JsonNode array) {
    java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static Map<String, JsonNode> loadColumns() {
    try (InputStream in = ServerTables.class.getResourceAsStream("table-columns.json")) {
      JsonNode all = JSON.readTree(in);
      java.util.HashMap<String, JsonNode> out = new java.util.HashMap<>();
      all.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
      return Map.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
