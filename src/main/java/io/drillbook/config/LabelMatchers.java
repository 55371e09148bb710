package io.drillbook.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A drill's label matchers ({@code verify.matchers}) for one target: {@code ${namespace}} and {@code ${deployment}}
 * filled in, and the operator moved from the value ({@code "=~x"}) to the key ({@code "label=~"}), the shape
 * {@code PromQl.scope} takes.
 */
public final class LabelMatchers {
  private LabelMatchers() {
  }

  /** The drill's matchers, or the default ({@code namespace: ${namespace}}) when it has no verification. */
  public static Map<String, String> of(DrillConfig drill) {
    Map<String, String> configured = drill.verification() == null ? VerificationConfig.DEFAULT_MATCHERS
        : drill.verification().matchers();
    return resolve(configured, drill.target());
  }

  /** {@code configured} for {@code target}. */
  public static Map<String, String> resolve(Map<String, String> configured, TargetConfig target) {
    Map<String, String> resolved = new LinkedHashMap<>();
    configured.forEach((label, value) -> {
      String v = value.replace("${namespace}", target.namespace()).replace("${deployment}", target.deployment());
      if (v.startsWith("=~")) {
        resolved.put(label + "=~", v.substring(2));
      } else if (v.startsWith("!=") || v.startsWith("!~")) {
        resolved.put(label + v.substring(0, 2), v.substring(2));
      } else {
        resolved.put(label, v);
      }
    });
    return Collections.unmodifiableMap(resolved);
  }

  /** Whether {@code labels} satisfy every resolved matcher, as Prometheus would judge it (regexes anchored). */
  public static boolean matches(Map<String, String> resolved, Map<String, String> labels) {
    for (Map.Entry<String, String> m : resolved.entrySet()) {
      String key = m.getKey();
      String op = key.endsWith("=~") || key.endsWith("!=") || key.endsWith("!~") ? key.substring(key.length() - 2)
          : "=";
      String name = op.equals("=") ? key : key.substring(0, key.length() - 2);
      String value = labels.getOrDefault(name, "");
      boolean ok = switch (op) {
        case "=~" -> Pattern.compile(m.getValue()).matcher(value).matches();
        case "!~" -> !Pattern.compile(m.getValue()).matcher(value).matches();
        case "!=" -> !value.equals(m.getValue());
        default -> value.equals(m.getValue());
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
