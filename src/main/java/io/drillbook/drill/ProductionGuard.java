package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.SafetyConfig;
import io.drillbook.config.WorkflowConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Refuses drills against anything that looks like production, unless the drill says {@code allowProduction: true}
 * and the command line says {@code --allow-production}: two independent, deliberate acts.
 */
public final class ProductionGuard {
  /** Workflow inputs that name a GitHub environment: {@code environment}, {@code env}, {@code target_environment}. */
  private static final Pattern ENVIRONMENT_INPUT = Pattern.compile("(?i)(^|.*[_-])env(ironment)?");

  private final List<Pattern> patterns;
  private final boolean overrideFlag;

  /**
   * @param patterns what production looks like (found anywhere in a value)
   * @param overrideFlag whether the command line passed {@code --allow-production}
   */
  public ProductionGuard(List<Pattern> patterns, boolean overrideFlag) {
    this.patterns = List.copyOf(patterns);
    this.overrideFlag = overrideFlag;
  }

  /** The default patterns, no override: what an engine gets unless told otherwise. */
  public static ProductionGuard defaults() {
    return new ProductionGuard(SafetyConfig.DEFAULT.productionPatterns(), false);
  }

  /**
   * Checks the drill's target.
   *
   * @return null when nothing looks like production; the audit note when it does and both overrides are given
   * @throws PreflightException when something looks like production and an override is missing
   */
  public String check(DrillConfig drill, ClusterIdentity cluster) throws PreflightException {
    List<String> matches = matches(drill, cluster == null ? ClusterIdentity.UNKNOWN : cluster);
    if (matches.isEmpty()) {
      return null;
    }
    String what = String.join("; ", matches);
    if (drill.allowProduction() && overrideFlag) {
      return "drilled although " + what + "; allowed by allowProduction: true and --allow-production";
    }
    String missing = drill.allowProduction()
        ? "drill " + drill.name() + " has allowProduction: true, but --allow-production was not passed"
        : overrideFlag
            ? "--allow-production was passed, but drill " + drill.name() + " does not set allowProduction: true"
            : "set allowProduction: true on drill " + drill.name() + " and pass --allow-production to drill it anyway";
    throw new PreflightException(what + "; " + missing);
  }

  private List<String> matches(DrillConfig drill, ClusterIdentity cluster) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("target namespace", drill.target().namespace());
    fields.put("environment", drill.environment());
    fields.put("target context", cluster.context() != null ? cluster.context() : drill.target().context());
    fields.put("cluster", cluster.cluster());
    fields.put("API server host", cluster.serverHost());
    WorkflowConfig workflow = drill.workflow();
    if (workflow != null) {
      environmentInputs("workflow input", workflow.inputs(), drill, fields);
      if (workflow.restoreInputs() != null) {
        environmentInputs("workflow restore input", workflow.restoreInputs(), drill, fields);
      }
    }
    List<String> matches = new ArrayList<>();
    fields.forEach((field, value) -> {
      if (value == null || value.isBlank()) {
        return;
      }
      for (Pattern p : patterns) {
        if (p.matcher(value).find()) {
          matches.add(field + " '" + value + "' looks like production (pattern " + p.pattern() + ")");
          return;
        }
      }
    });
    return matches;
  }

  private static void environmentInputs(String label, Map<String, String> inputs, DrillConfig drill,
      Map<String, String> fields) {
    inputs.forEach((name, value) -> {
      if (ENVIRONMENT_INPUT.matcher(name).matches()) {
        // ${environment} is the drill's own environment, already checked; other placeholders stay as written.
        fields.put(label + " " + name, value.replace("${environment}", drill.environment()));
      }
    });
  }
}
