package io.drillbook.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/** The value checks every section reader of {@link ConfigLoader} shares, so each message is worded once. */
final class ConfigValues {
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

  private ConfigValues() {}

  static boolean present(Map<String, ConfigNode> keys, String key) {
    return keys.containsKey(key) && !keys.get(key).isNull();
  }

  static ConfigNode required(ConfigNode parent, Map<String, ConfigNode> keys, String key) throws ConfigException {
    ConfigNode child = keys.get(key);
    if (child == null) {
      throw new ConfigException(parent.error("").file(), parent.line(),
          parent.path().isEmpty() ? key : parent.path() + "." + key, "missing required key '" + key + "'");
    }
    if (child.isNull()) {
      throw child.error("needs a value");
    }
    return child;
  }

  static String matching(ConfigNode node, Pattern pattern, String what) throws ConfigException {
    String value = node.nonBlank();
    if (value.length() > 253 || !pattern.matcher(value).matches()) {
      throw node.error("'" + abbreviate(value) + "' is not a valid name; use " + what);
    }
    return value;
  }

  static String repository(ConfigNode node) throws ConfigException {
    return matching(node, REPOSITORY, "owner/name, e.g. intelgraph/maestro");
  }

  static URI absoluteHttpUrl(ConfigNode urlNode) throws ConfigException {
    URI url;
    try {
      url = new URI(urlNode.nonBlank());
    } catch (URISyntaxException e) {
      throw urlNode.error("not a valid URL: " + e.getReason());
    }
    if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
        || url.getHost() == null) {
      throw urlNode.error("expected an absolute http:// or https:// URL, found '" + abbreviate(url.toString()) + "'");
    }
    return url;
  }

  /** The {@code timezone} key of a schedule or a freeze: an IANA zone, UTC when absent. */
  static java.time.ZoneId timezone(Map<String, ConfigNode> keys) throws ConfigException {
    if (!present(keys, "timezone")) {
      return java.time.ZoneOffset.UTC;
    }
    ConfigNode tz = keys.get("timezone");
    try {
      return java.time.ZoneId.of(tz.nonBlank());
    } catch (java.time.DateTimeException e) {
      throw tz.error("unknown time zone '" + abbreviate(tz.string()) + "'; use a region like Europe/Berlin or UTC");
    }
  }

  static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  /** Relative paths resolve against the config file's folder. */
  static Path resolve(Path path, Path baseDir) {
    return path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path).normalize();
  }

  static Path path(ConfigNode node) throws ConfigException {
    String text = node.nonBlank();
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw node.error("not a valid path: " + e.getReason());
    }
  }
}
