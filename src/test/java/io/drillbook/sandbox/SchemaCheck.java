package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON answer against an OpenAPI 3.0 schema (already dereferenced): types, {@code nullable}, required
 * properties, properties, items, enums, {@code allOf}/{@code anyOf}/{@code oneOf} and {@code date-time} formats.
 * Each problem names the JSON path and what is wrong, so a fake that drifts from the published description says
 * exactly where. With a document to resolve {@code $ref}s in, it also reads Kubernetes' OpenAPI v3, whose object
 * schemas are closed: a field the schema does not list is drift too.
 */
public final class SchemaCheck {
  private final JsonNode document;
  private final boolean closed;

  private SchemaCheck(JsonNode document, boolean closed) {
    this.document = document;
    this.closed = closed;
  }

  /** Every place {@code value} breaks {@code schema} (dereferenced, open objects); empty when it conforms. */
  public static List<String> problems(JsonNode schema, JsonNode value) {
    return new SchemaCheck(null, false).all(schema, value);
  }

  /**
   * Every place {@code value} breaks {@code schema}, resolving {@code #/components/schemas/...} references in
   * {@code document}; a property the schema does not list is a problem.
   */
  public static List<String> closedProblems(JsonNode document, JsonNode schema, JsonNode value) {
    return new SchemaCheck(document, true).all(schema, value);
  }

  private List<String> all(JsonNode schema, JsonNode value) {
    List<String> problems = new ArrayList<>();
    check(schema, value, "$", problems);
    return problems;
  }

  private JsonNode resolve(JsonNode schema) {
    while (schema != null && schema.has("$ref") && document != null) {
      String ref = schema.get("$ref").asText();
      schema = document.at(ref.substring(1));
    }
    return schema;
  }

  private void check(JsonNode schemaOrRef, JsonNode value, String at, List<String> problems) {
    JsonNode schema = resolve(schemaOrRef);
    if (schema == null || schema.isNull() || schema.isEmpty() || schema.isMissingNode()) {
      return;
    }
    if (value == null || value.isMissingNode()) {
      return;
    }
    if (value.isNull()) {
      boolean nullable = schema.path("nullable").asBoolean(false) || "null".equals(schema.path("type").asText())
          || anyAllows(schema.path("anyOf"), value) || anyAllows(schema.path("oneOf"), value);
      if (!nullable && !schema.has("allOf")) {
        problems.add(at + ": null, but the schema does not allow null");
      }
      return;
    }
    if (schema.has("allOf")) {
      schema.get("allOf").forEach(s -> check(s, value, at, problems));
    }
    for (String alternatives : List.of("anyOf", "oneOf")) {
      if (schema.has(alternatives) && !anyAllows(schema.get(alternatives), value)) {
        problems.add(at + ": matches none of the " + alternatives + " alternatives: " + firstProblems(
            schema.get(alternatives), value, at));
      }
    }
    String type = schema.path("type").asText("");
    if (!type.isEmpty() && !typeMatches(type, value)) {
      problems.add(at + ": expected " + type + ", found " + describe(value));
      return;
    }
    if (schema.has("enum") && value.isValueNode()) {
      boolean listed = false;
      for (JsonNode option : schema.get("enum")) {
        listed |= option.equals(value);
      }
      if (!listed) {
        problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
      }
    }
    if ("date-time".equals(schema.path("format").asText()) && value.isTextual()) {
      try {
        OffsetDateTime.parse(value.asText());
      } catch (DateTimeParseException e) {
        problems.add(at + ": '" + value.asText() + "' is not a date-time");
      }
    }
    if (value.isObject()) {
      for (JsonNode required : schema.path("required")) {
        if (!value.has(required.asText())) {
          problems.add(at + ": required property '" + required.asText() + "' is missing");
        }
      }
      Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
      while (properties.hasNext()) {
        Map.Entry<String, JsonNode> property = properties.next();
        check(property.getValue(), value.get(property.getKey()), at + "." + property.getKey(), problems);
      }
      if (closed && schema.has("properties") && !schema.has("additionalProperties")
          && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        value.fieldNames().forEachRemaining(name -> {
          if (!schema.get("properties").has(name)) {
            problems.add(at + ": property '" + name + "' is not in the schema");
          }
        });
      }
      if (schema.has("additionalProperties") && schema.get("additionalProperties").isObject()) {
        value.fields().forEachRemaining(e -> check(schema.get("additionalProperties"), e.getValue(),
            at + "." + e.getKey(), problems));
      }
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.get("items"), value.get(i), at + "[" + i + "]", problems);
      }
    }
  }

  private boolean anyAllows(JsonNode alternatives, JsonNode value) {
    if (alternatives == null || !alternatives.isArray()) {
      return false;
    }
    for (JsonNode alternative : alternatives) {
      if (all(alternative, value).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private String firstProblems(JsonNode alternatives, JsonNode value, String at) {
    List<String> all = new ArrayList<>();
    alternatives.forEach(a -> all.addAll(all(a, value).stream().limit(2)
        .map(p -> at + p.substring(1)).toList()));
    return String.join("; ", all);
  }

  private static boolean typeMatches(String type, JsonNode value) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      default -> true;
    };
  }

  private static String describe(JsonNode value) {
    String text = value.toString();
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
        + (text.length() > 60 ? text.substring(0, 60) + "..." : text);
  }
}
