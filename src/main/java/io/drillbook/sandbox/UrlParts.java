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
}
