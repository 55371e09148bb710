package io.drillbook.config;

import static io.drillbook.config.ConfigValues.present;

import java.time.Duration;
import java.util.Map;

/**
 * Reads a drill's {@code fallback} and {@code fallbackAfter}: the runbook's second path and when to take it. Only
 * the runbook's own decisions are allowed: github-actions falls back to helm or kubernetes ("if secrets are missing,
 * fall back to Helm rollback"), restart to kubernetes or helm ("restart, then rollback if restart fails").
 */
final class FallbackKeys {
  private FallbackKeys() {}

  static DrillConfig.Fallback fallback(Map<String, ConfigNode> keys, RollbackMethod method) throws ConfigException {
    if (!present(keys, "fallback")) {
      if (present(keys, "fallbackAfter")) {
        throw keys.get("fallbackAfter").error("'fallbackAfter' needs a 'fallback' path to fall back to");
      }
      return null;
    }
    ConfigNode node = keys.get("fallback");
    RollbackMethod second;
    try {
      second = RollbackMethod.fromConfigName(node.nonBlank());
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage());
    }
    Duration after = present(keys, "fallbackAfter") ? keys.get("fallbackAfter").duration() : null;
    DrillConfig.Fallback fallback = new DrillConfig.Fallback(second, after);
    if (!fallback.allowedAfter(method)) {
      throw node.error("a " + method.configName() + " drill cannot fall back to " + second.configName()
          + "; the fallbacks are github-actions -> helm or kubernetes, and restart -> kubernetes or helm");
    }
    return fallback;
  }
}
