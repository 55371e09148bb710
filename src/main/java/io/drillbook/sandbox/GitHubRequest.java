package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request to the fake GitHub API, parsed.
 *
 * @param method upper-case HTTP method, after any {@code X-HTTP-Method-Override}
 * @param segments URL-decoded path segments after {@code /api/v3}
 * @param query decoded query parameters (first value wins)
 * @param rawPath the request path with its query, as received
 * @param rawBody the request body text, empty when there is none
 */
record GitHubRequest(String method, List<String> segments, Map<String, String> query, String rawPath,
    String rawBody) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static GitHubRequest parse(String method, String methodOverride, String rawPath, String prefix, String body) {
    String path = rawPath;
    String queryText = "";
    int q = path.indexOf('?');
    if (q >= 0) {
      queryText = path.substring(q + 1);
      path = path.substring(0, q);
    }
    List<String> segments = new ArrayList<>();
    for (String part : path.substring(Math.min(prefix.length(), path.length())).split("/")) {
      if (!part.isEmpty()) {
        segments.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : queryText.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.putIfAbsent(key, value);
    }
    String effective = method.toUpperCase(java.util.Locale.ROOT);
    // Clients on HttpURLConnection cannot send PATCH and tunnel it through POST.
    if ("POST".equals(effective) && methodOverride != null && !methodOverride.isBlank()) {
      effective = methodOverride.trim().toUpperCase(java.util.Locale.ROOT);
    }
    return new GitHubRequest(effective, List.copyOf(segments), Map.copyOf(query), rawPath,
        body == null ? "" : body);
  }

  /** The JSON object body; GitHub answers 400 "Problems parsing JSON" when it is not one. */
  ObjectNode json() {
    if (rawBody.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(rawBody);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (IOException e) {
      // fall through to GitHub's answer for unparsable bodies
    }
    throw new GitHubError(400, "Problems parsing JSON");
  }

  /** True when the path is exactly these segments, where {@code *} matches any one segment. */
  boolean matches(String method, String... pattern) {
    if (!this.method.equals(method) || segments.size() != pattern.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      if (!"*".equals(pattern[i]) && !pattern[i].equals(segments.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether the path has at least these leading segments ({@code *} matches any one). */
  boolean startsWith(String... pattern) {
    if (segments.size() < pattern.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      if (!"*".equals(pattern[i]) && !pattern[i].equals(segments.get(i))) {
        return false;
      }
    }
    return true;
  }

  String segment(int index) {
    return segments.get(index);
  }

  /** The path from segment {@code from} on, joined with {@code /}. */
  String tail(int from) {
    return String.join("/", segments.subList(from, segments.size()));
  }

  int intParam(String name, int fallback) {
    String value = query.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
