package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which objects a watch path selects: group, resource, namespace, {@code fieldSelector=metadata.name=...} and the
 * equality, inequality and existence terms of a {@code labelSelector}.
 */
record WatchFilter(String group, String resource, String namespace, String name, List<String[]> labels) {

  /** The filter of a watch request path, or null when the path names no collection. */
  static WatchFilter of(String path) {
    String bare = UrlParts.withoutQuery(path);
    String[] s = bare.split("/");
    int start;
    String group;
    if (s.length > 2 && "api".equals(s[1])) {
      start = 3;
      group = "";
    } else if (s.length > 3 && "apis".equals(s[1])) {
      start = 4;
      group = s[2];
    } else {
      return null;
    }
    String namespace = null;
    if (s.length > start + 1 && "namespaces".equals(s[start])) {
      namespace = s[start + 1];
      start += 2;
    }
    if (s.length <= start) {
      return null;
    }
    Map<String, String> query = UrlParts.query(path);
    String name = s.length > start + 1 ? s[start + 1] : null;
    String fields = query.getOrDefault("fieldSelector", "");
    for (String term : fields.split(",")) {
      if (term.startsWith("metadata.name=")) {
        name = term.substring("metadata.name=".length()).replaceFirst("^=", "");
      }
    }
    List<String[]> labels = new ArrayList<>();
    for (String term : query.getOrDefault("labelSelector", "").split(",")) {
      String t = term.strip();
      if (t.isEmpty()) {
        continue;
      }
      if (t.contains("!=")) {
        labels.add(new String[] {t.substring(0, t.indexOf("!=")).strip(), "!=", t.substring(t.indexOf("!=") + 2).strip()});
      } else if (t.contains("=")) {
        labels.add(new String[] {t.substring(0, t.indexOf('=')).strip(), "=", t.substring(t.lastIndexOf('=') + 1).strip()});
      } else if (t.startsWith("!")) {
        labels.add(new String[] {t.substring(1), "!", ""});
      } else if (!t.contains(" ")) {
        labels.add(new String[] {t, "exists", ""});
      }
    }
    return new WatchFilter(group, s[start], namespace, name, labels);
  }

  boolean matches(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText("");
    String objectGroup = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    if (!objectGroup.equals(group) || !pluralOf(object.path("kind").asText("")).equals(resource)) {
      return false;
    }
    JsonNode metadata = object.path("metadata");
    if (namespace != null && !namespace.equals(metadata.path("namespace").asText())) {
      return false;
    }
    if (name != null && !name.equals(metadata.path("name").asText())) {
      return false;
    }
    for (String[] term : labels) {
      JsonNode value = metadata.path("labels").get(term[0]);
      boolean ok = switch (term[1]) {
        case "=" -> value != null && value.asText().equals(term[2]);
        case "!=" -> value == null || !value.asText().equals(term[2]);
        case "!" -> value == null;
        default -> value != null;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static String pluralOf(String kind) {
    String lower = kind.toLowerCase(Locale.ROOT);
    if (lower.equals("endpoints")) {
      return lower;
    }
    if (lower.endsWith("s") || lower.endsWith("x")) {
      return lower + "es";
    }
    if (lower.endsWith("y")) {
      return lower.substring(0, lower.length() - 1) + "ies";
    }
    return lower + "s";
  }
}
