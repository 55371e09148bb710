package io.drillbook.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code drillbook.yaml}. Every problem is reported as a {@link ConfigException} naming file, line and
 * field; nothing is guessed. Relative paths ({@code evidenceLog}, {@code target.kubeconfig}) resolve against the
 * config file's folder.
 */
public final class ConfigLoader {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Set<String> ROOT_KEYS = ConfigNode.keys("drills");
  private static final Set<String> DRILL_KEYS = ConfigNode.keys("name", "environment", "target", "method",
      "rollback", "restore", "objective", "health", "timeouts", "evidenceLog");
  private static final Set<String> TARGET_KEYS = ConfigNode.keys("context", "kubeconfig", "namespace", "deployment");
  private static final Set<String> ROLLBACK_KEYS = ConfigNode.keys("toRevision");
  private static final Set<String> HEALTH_KEYS = ConfigNode.keys("url", "expectStatus");
  private static final Set<String> TIMEOUT_KEYS = ConfigNode.keys("rollout", "health");
  static final Duration DEFAULT_OBJECTIVE = Duration.ofMinutes(5);

  /** Loads and validates a config file. */
  public DrillbookConfig load(Path file) throws ConfigException {
    String name = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(name, 0, "", "no such file; pass --config FILE or create ./drillbook.yaml");
    } catch (IOException e) {
      throw new ConfigException(name, 0, "", "cannot read: " + e.getMessage());
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(name, 0, "", "is not UTF-8 text");
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(name, new StringReader(text), base);
  }

  /** Parses config text; {@code baseDir} anchors relative evidence paths. */
  public DrillbookConfig parse(String sourceName, Reader reader, Path baseDir) throws ConfigException {
    ConfigNode root = ConfigNode.parse(sourceName, reader);
    Map<String, ConfigNode> top = root.mapping(ROOT_KEYS);
    ConfigNode drillsNode = top.get("drills");
    if (drillsNode == null || drillsNode.isNull()) {
      throw root.error("missing required key 'drills'");
    }
    List<DrillConfig> drills = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigNode item : drillsNode.list()) {
      DrillConfig drill = drill(item, baseDir);
      if (!names.add(drill.name())) {
        throw item.error("a drill named '" + drill.name() + "' is declared twice");
      }
      drills.add(drill);
    }
    if (drills.isEmpty()) {
      throw drillsNode.error("declares no drill");
    }
    return new DrillbookConfig(sourceName, drills);
  }

  private DrillConfig drill(ConfigNode node, Path baseDir) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(DRILL_KEYS);
    String name = matching(required(node, keys, "name"), DNS_LABEL, "lowercase letters, digits and dashes");
    String environment = required(node, keys, "environment").nonBlank();
    TargetConfig target = target(required(node, keys, "target"), baseDir);
    RollbackMethod method = RollbackMethod.KUBERNETES;
    if (present(keys, "method")) {
      ConfigNode m = keys.get("method");
      try {
        method = RollbackMethod.fromConfigName(m.nonBlank());
      } catch (IllegalArgumentException e) {
        throw m.error(e.getMessage());
      }
    }
    OptionalLong toRevision = present(keys, "rollback") ? toRevision(keys.get("rollback")) : OptionalLong.empty();
    boolean restore = !present(keys, "restore") || keys.get("restore").bool();
    Duration objective = present(keys, "objective") ? keys.get("objective").duration() : DEFAULT_OBJECTIVE;
    HealthConfig health = present(keys, "health") ? health(keys.get("health")) : null;
    Timeouts timeouts = present(keys, "timeouts") ? timeouts(keys.get("timeouts")) : Timeouts.DEFAULTS;
    Path log = present(keys, "evidenceLog")
        ? path(keys.get("evidenceLog"))
        : Path.of("drills", name + ".md");
    log = resolve(log, baseDir);
    return new DrillConfig(name, environment, target, method, toRevision, restore, objective, health, timeouts, log);
  }

  private static boolean present(Map<String, ConfigNode> keys, String key) {
    return keys.containsKey(key) && !keys.get(key).isNull();
  }

  private static ConfigNode required(ConfigNode parent, Map<String, ConfigNode> keys, String key)
      throws ConfigException {
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

  private static String matching(ConfigNode node, Pattern pattern, String what) throws ConfigException {
    String value = node.nonBlank();
    if (value.length() > 253 || !pattern.matcher(value).matches()) {
      throw node.error("'" + abbreviate(value) + "' is not a valid name; use " + what);
    }
    return value;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  private TargetConfig target(ConfigNode node, Path baseDir) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(TARGET_KEYS);
    String context = present(keys, "context") ? keys.get("context").nonBlank() : null;
    Path kubeconfig = present(keys, "kubeconfig") ? resolve(path(keys.get("kubeconfig")), baseDir) : null;
    String namespace = matching(required(node, keys, "namespace"), DNS_LABEL,
        "a Kubernetes namespace name (lowercase letters, digits, dashes)");
    String deployment = matching(required(node, keys, "deployment"), DNS_SUBDOMAIN,
        "a Kubernetes object name (lowercase letters, digits, dashes, dots)");
    return new TargetConfig(context, kubeconfig, namespace, deployment);
  }

  private OptionalLong toRevision(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(ROLLBACK_KEYS);
    if (!present(keys, "toRevision")) {
      return OptionalLong.empty();
    }
    ConfigNode rev = keys.get("toRevision");
    String text = rev.string().trim();
    if (text.equals("previous")) {
      return OptionalLong.empty();
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw rev.error("expected 'previous' or a revision number, found '" + abbreviate(text) + "'");
    }
    if (value < 1) {
      throw rev.error("revision numbers start at 1, found " + value);
    }
    return OptionalLong.of(value);
  }

  private HealthConfig health(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(HEALTH_KEYS);
    ConfigNode urlNode = required(node, keys, "url");
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
    int status = 200;
    if (present(keys, "expectStatus")) {
      ConfigNode s = keys.get("expectStatus");
      long value = s.integer();
      if (value < 100 || value > 599) {
        throw s.error("expected an HTTP status code (100-599), found " + value);
      }
      status = (int) value;
    }
    return new HealthConfig(url, status);
  }

  private Timeouts timeouts(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(TIMEOUT_KEYS);
    Duration rollout = present(keys, "rollout") ? keys.get("rollout").duration() : Timeouts.DEFAULTS.rollout();
    Duration health = present(keys, "health") ? keys.get("health").duration() : Timeouts.DEFAULTS.health();
    return new Timeouts(rollout, health);
  }

  private static Path resolve(Path path, Path baseDir) {
    return path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path).normalize();
  }

  private Path path(ConfigNode node) throws ConfigException {
    String text = node.nonBlank();
    try {
      return Path.of(text);
    } catch (java.nio.file.InvalidPathException e) {
      throw node.error("not a valid path: " + e.getReason());
    }
  }
}
