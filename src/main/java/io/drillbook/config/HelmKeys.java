package io.drillbook.config;

import static io.drillbook.config.ConfigValues.present;
import static io.drillbook.config.ConfigValues.required;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A {@code method: helm} drill's {@code helm:} section: the release and the helm binary that rolls it back. */
final class HelmKeys {
  private static final Set<String> KEYS = ConfigNode.keys("release", "namespace", "binary", "timeout", "historyMax");
  // Helm's own rule for release names (a DNS-1123 subdomain of at most 53 characters).
  private static final Pattern RELEASE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private HelmKeys() {}

  static HelmConfig helm(ConfigNode node, TargetConfig target, Path baseDir) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(KEYS);
    ConfigNode releaseNode = required(node, keys, "release");
    String release = releaseNode.nonBlank();
    if (release.length() > 53 || !RELEASE.matcher(release).matches()) {
      throw releaseNode.error("a Helm release name (lowercase letters, digits, dashes and dots, at most 53), found '"
          + release + "'");
    }
    String namespace = target.namespace();
    if (present(keys, "namespace")) {
      ConfigNode ns = keys.get("namespace");
      namespace = ns.nonBlank();
      if (!NAMESPACE.matcher(namespace).matches()) {
        throw ns.error("a Kubernetes namespace name (lowercase letters, digits, dashes), found '" + namespace + "'");
      }
    }
    String binary = null;
    if (present(keys, "binary")) {
      binary = keys.get("binary").nonBlank();
      // A name is looked up on the PATH as a shell would; a path is the config's, like every other path in it.
      if (binary.contains("/") && baseDir != null) {
        binary = baseDir.resolve(binary).normalize().toString();
      }
    }
    Duration timeout = present(keys, "timeout") ? keys.get("timeout").duration() : null;
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw keys.get("timeout").error("must be positive");
    }
    int historyMax = HelmConfig.DEFAULT_HISTORY_MAX;
    if (present(keys, "historyMax")) {
      ConfigNode max = keys.get("historyMax");
      long value = max.integer();
      if (value < 0 || value > 10_000) {
        throw max.error("expected 0 (no limit) to 10000 revisions, found " + value);
      }
      historyMax = (int) value;
    }
    return new HelmConfig(release, namespace, binary, timeout, historyMax);
  }
}
