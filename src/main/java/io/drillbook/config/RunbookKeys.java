package io.drillbook.config;

import static io.drillbook.config.ConfigValues.path;
import static io.drillbook.config.ConfigValues.present;
import static io.drillbook.config.ConfigValues.resolve;

import io.drillbook.runbook.NamespaceMap;
import io.drillbook.runbook.RollbackKind;
import io.drillbook.runbook.RollbackPathSpec;
import io.drillbook.runbook.Runbook;
import io.drillbook.runbook.RunbookException;
import io.drillbook.runbook.RunbookParser;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads what a drill takes from its runbook: the verification keys ({@code runbook}, {@code sustain},
 * {@code verify}, {@code thresholds}) and, when the drill names none, the runbook's health check.
 */
final class RunbookKeys {
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern HELM_RELEASE =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Set<String> VERIFY_KEYS = ConfigNode.keys("interval", "timeout", "matchers", "logRepeats",
      "cpuVariation");
  private static final Set<String> OVERRIDE_KEYS = ConfigNode.keys("query", "denominator", "skip", "for");

  /** The runbook verification keys of a drill: {@code runbook}, {@code sustain}, {@code verify}, {@code thresholds}. */
  VerificationConfig verification(Map<String, ConfigNode> keys, Path baseDir) throws ConfigException {
    if (!present(keys, "runbook")) {
      for (String key : List.of("sustain", "verify", "thresholds")) {
        if (present(keys, key)) {
          throw keys.get(key).error("'" + key + "' needs a 'runbook' to verify against");
        }
      }
      return null;
    }
    Path runbook = resolve(path(keys.get("runbook")), baseDir);
    if (!Files.isRegularFile(runbook)) {
      throw keys.get("runbook").error("runbook " + runbook + " does not exist");
    }
    Duration sustain = present(keys, "sustain") ? keys.get("sustain").duration() : null;
    Duration interval = VerificationConfig.DEFAULT_INTERVAL;
    Duration timeout = null;
    Map<String, String> matchers = VerificationConfig.DEFAULT_MATCHERS;
    int logRepeats = VerificationConfig.DEFAULT_LOG_REPEATS;
    double cpuVariation = VerificationConfig.DEFAULT_CPU_VARIATION;
    if (present(keys, "verify")) {
      Map<String, ConfigNode> verify = keys.get("verify").mapping(VERIFY_KEYS);
      interval = present(verify, "interval") ? verify.get("interval").duration() : interval;
      timeout = present(verify, "timeout") ? verify.get("timeout").duration() : null;
      if (present(verify, "matchers")) {
        matchers = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : verify.get("matchers").mapping(null).entrySet()) {
          if (!e.getKey().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw e.getValue().error("'" + e.getKey() + "' is not a Prometheus label name");
          }
          matchers.put(e.getKey(), e.getValue().string());
        }
      }
      if (present(verify, "logRepeats")) {
        long repeats = verify.get("logRepeats").integer();
        if (repeats < 2) {
          throw verify.get("logRepeats").error("must be at least 2 (a trace seen once does not repeat)");
        }
        logRepeats = (int) repeats;
      }
      if (present(verify, "cpuVariation")) {
        cpuVariation = verify.get("cpuVariation").decimal();
        if (cpuVariation <= 0) {
          throw verify.get("cpuVariation").error("must be above 0 (the coefficient of variation a pod's CPU may "
              + "show, e.g. 0.5)");
        }
      }
    }
    return new VerificationConfig(runbook, sustain, interval, timeout, matchers, logRepeats, thresholds(keys),
        cpuVariation);
  }

  private static Map<String, VerificationConfig.ThresholdOverride> thresholds(Map<String, ConfigNode> keys)
      throws ConfigException {
    Map<String, VerificationConfig.ThresholdOverride> overrides = new LinkedHashMap<>();
    if (present(keys, "thresholds")) {
      for (Map.Entry<String, ConfigNode> e : keys.get("thresholds").mapping(null).entrySet()) {
        Map<String, ConfigNode> o = e.getValue().mapping(OVERRIDE_KEYS);
        String query = present(o, "query") ? o.get("query").nonBlank() : null;
        String denominator = present(o, "denominator") ? o.get("denominator").nonBlank() : null;
        String skip = present(o, "skip") ? o.get("skip").nonBlank() : null;
        if (query != null && denominator != null) {
          throw e.getValue().error("give either 'query' or 'denominator', not both");
        }
        Duration holdFor = present(o, "for") ? o.get("for").duration() : null;
        if (skip == null && query == null && denominator == null && holdFor == null) {
          throw e.getValue().error("give 'query', 'denominator', 'for' or 'skip: <reason>'");
        }
        overrides.put(e.getKey(), new VerificationConfig.ThresholdOverride(query, denominator, skip, holdFor));
      }
    }
    return overrides;
  }

  /**
   * The drill's own health check, else the runbook's ("curl ... /health (expect 200)"). Reading the runbook here also
   * refuses one that cannot be used before anything runs.
   */
  /** {@code runbookNamespaces}: runbook (production) namespace to the staging namespace drills and audits use. */
  static NamespaceMap namespaces(ConfigNode node) throws ConfigException {
    Map<String, String> staging = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> e : node.mapping(null).entrySet()) {
      if (!NAMESPACE.matcher(e.getKey()).matches()) {
        throw e.getValue().error("'" + e.getKey() + "' is not a Kubernetes namespace name");
      }
      String target = e.getValue().nonBlank();
      if (!NAMESPACE.matcher(target).matches()) {
        throw e.getValue().error("a Kubernetes namespace name (lowercase letters, digits, dashes), found '" + target
            + "'");
      }
      staging.put(e.getKey(), target);
    }
    return new NamespaceMap(staging);
  }

  /**
   * The Helm release of a drill that names none, from its runbook's {@code helm rollback} command, its namespace
   * mapped to staging.
   */
  HelmConfig helmFromRunbook(ConfigNode at, Path runbook, NamespaceMap namespaces, TargetConfig target)
      throws ConfigException {
    Runbook parsed;
    try {
      parsed = new RunbookParser().parse(runbook);
    } catch (RunbookException e) {
      throw at.error("runbook " + e.getMessage());
    }
    RollbackPathSpec helm = parsed.rollbackPaths().stream().filter(p -> p.kind() == RollbackKind.HELM)
        .filter(p -> p.parameters().get("release") != null).findFirst().orElseThrow(() -> at.error("runbook "
            + runbook + " has no 'helm rollback RELEASE' command to take the release from; add a 'helm:' section"));
    String release = helm.parameters().get("release");
    if (!HELM_RELEASE.matcher(release).matches()) {
      throw at.error("runbook " + runbook + " line " + helm.line() + ": Helm release '" + release + "' is not a "
          + "release name (a placeholder?); add a 'helm:' section");
    }
    String written = helm.parameters().get("namespace");
    String namespace = written == null ? target.namespace() : namespaces.map(written);
    if (written != null && namespace.equals(written) && !written.equals(target.namespace())) {
      throw at.error("runbook " + runbook + " line " + helm.line() + " rolls back release " + release + " in namespace "
          + written + ", which is not the drill's (" + target.namespace() + ") and runbookNamespaces does not map it; "
          + "add '" + written + ": " + target.namespace() + "' to runbookNamespaces");
    }
    return new HelmConfig(release, namespace, null, null, HelmConfig.DEFAULT_HISTORY_MAX);
  }

  HealthConfig healthFromRunbook(ConfigNode at, Path runbook, HealthConfig configured) throws ConfigException {
    Runbook parsed;
    try {
      parsed = new RunbookParser().parse(runbook);
    } catch (RunbookException e) {
      throw at.error("runbook " + e.getMessage());
    }
    if (configured != null || parsed.verification().healthUrl() == null) {
      return configured;
    }
    Integer status = parsed.verification().expectStatus();
    try {
      return new HealthConfig(new URI(parsed.verification().healthUrl()), status == null ? 200 : status);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw at.error("runbook " + runbook + " line " + parsed.verification().healthLine() + ": health URL '"
          + parsed.verification().healthUrl() + "' is not usable; set health.url in the drill");
    }
  }
}
