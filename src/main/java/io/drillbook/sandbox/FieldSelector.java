package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Field selectors the CRUD store ignores (every field but {@code metadata.name} and {@code metadata.namespace}):
 * {@code kubectl describe} finds an object's events with
 * {@code fieldSelector=involvedObject.name=...,involvedObject.namespace=...,involvedObject.kind=...,
 * involvedObject.uid=...}; unfiltered, every object would show every event of its namespace. The store is asked
 * without the selector and the list is filtered here, term by term ({@code =}, {@code ==}, {@code !=}).
 */
final class FieldSelector {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String[]> terms;

  private FieldSelector(List<String[]> terms) {
    this.terms = terms;
  }

  /** The selector of a GET (not watch) request the store cannot filter itself, or null. */
  static FieldSelector of(RecordedRequest request) {
    if (!"GET".equalsIgnoreCase(request.getMethod())) {
      return null;
    }
    Map<String, String> query = UrlParts.query(request.getPath());
    String selector = query.get("fieldSelector");
    if (selector == null || query.containsKey("watch") || java.util.Arrays.stream(selector.split(","))
        .allMatch(t -> t.startsWith("metadata.name") || t.startsWith("metadata.namespace"))) {
      return null;
    }
    List<String[]> terms = new ArrayList<>();
    for (String term : selector.split(",")) {
      boolean negated = term.contains("!=");
      String[] parts = term.split(negated ? "!=" : "==?", 2);
      if (parts.length == 2) {
        terms.add(new String[] {parts[0].strip(), negated ? "!=" : "=", parts[1].strip()});
      }
    }
    return new FieldSelector(terms);
  }

  /** The request without its field selector. */
  static RecordedRequest withoutSelector(RecordedRequest request) {
    String path = request.getPath().replaceAll("([?&])fieldSelector=[^&]*&?", "$1").replaceAll("[?&]$", "");
    return new RecordedRequest(request.getHttpVersion(), request.method(), path, request.getHeaders(),
        request.getBody());
  }

  /** The list body with only the items every term selects. */
  String filter(String body) {
    try {
      JsonNode list = JSON.readTree(body);
      if (!list.has("items")) {
        return body;
      }
      ArrayNode kept = JSON.createArrayNode();
      list.path("items").forEach(item -> {
        if (terms.stream().allMatch(t -> matches(item, t))) {
          kept.add(item);
        }
      });
      ((ObjectNode) list).set("items", kept);
      return JSON.writeValueAsString(list);
    } catch (IOException e) {
      return body;
    }
  }

  private static boolean matches(JsonNode item, String[] term) {
    JsonNode value = item;
    for (String field : term[0].split("\\.")) {
      value = value.path(field);
    }
    boolean equal = value.asText("").equals(term[2]);
    return "=".equals(term[1]) == equal;
  }
}
