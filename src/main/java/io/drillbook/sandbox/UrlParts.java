package io.drillbook.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding for URL path segments and query values. */
final class UrlParts {

  private UrlParts() {}

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Encodes each segment of a path, keeping the slashes. */
  static String encodePath(String path) {
    return java.util.Arrays.stream(path.split("/", -1)).map(UrlParts::encode)
        .collect(java.util.stream.Collectors.joining("/"));
  }

  /** A request path without its query, if any. */
  static String withoutQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  /** The decoded query parameters of a request path (the last value of a repeated one). */
  static java.util.Map<String, String> query(String path) {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    int q = path == null ? -1 : path.indexOf('?');
    if (q < 0) {
      return out;
    }
    for (String pair : path.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      out.put(key, eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
