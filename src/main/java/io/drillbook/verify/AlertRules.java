package io.drillbook.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drillbook.config.VerificationConfig.ThresholdOverride;
import io.drillbook.runbook.Problem;
import io.drillbook.runbook.Runbook;
import io.drillbook.runbook.Threshold;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The runbook's alert table as Prometheus alerting rules: one rule per stated threshold, {@code (query) > limit} in
 * Prometheus's units, with the config's overrides and nothing the runbook does not say (no invented severity, no
 * {@code for} unless the config gives one). What cannot be written as stated is named, never guessed.
 *
 * @param rules the rules that could be written, in table order
 * @param skipped alert to the config's reason for leaving it out
 * @param unwritable one line per alert that could not be written, with its runbook line
 */
public record AlertRules(List<Rule> rules, Map<String, String> skipped, List<String> unwritable) {

  /** One alerting rule. */
  public record Rule(String alert, String expr, Duration holdFor, String summary, int line) {}

  public AlertRules {
    rules = List.copyOf(rules);
    skipped = Map.copyOf(skipped);
    unwritable = List.copyOf(unwritable);
  }

  /** The rules of {@code runbook} with {@code overrides} (by alert name) applied. */
  public static AlertRules of(Runbook runbook, Map<String, ThresholdOverride> overrides) {
    List<Rule> rules = new ArrayList<>();
    Map<String, String> skipped = new java.util.LinkedHashMap<>();
    List<String> unwritable = new ArrayList<>();
    for (Problem p : runbook.problems()) {
      if (p.message().startsWith("alert '")) {
        String alert = p.message().substring(7, p.message().indexOf('\'', 7));
        ThresholdOverride o = overrides.get(alert);
        if (o != null && o.skip() != null) {
          skipped.put(alert, o.skip());
        } else {
          unwritable.add("line " + p.line() + ": " + p.message() + "; a rule needs a stated threshold (state it in "
              + "the runbook, or give thresholds." + alert + ".skip)");
        }
      }
    }
    for (Threshold t : runbook.thresholds()) {
      ThresholdOverride o = overrides.get(t.alert());
      if (o != null && o.skip() != null) {
        skipped.put(t.alert(), o.skip());
        continue;
      }
      List<String> problems = new ArrayList<>();
      String query = ThresholdPlan.query(t, o, problems);
      if (query == null) {
        problems.forEach(p -> unwritable.add("line " + t.line() + ": " + p));
        continue;
      }
      String expr = "(" + query.strip() + ") " + t.comparator() + " " + plain(t.baseValue());
      rules.add(new Rule(t.alert(), expr, o == null ? null : o.holdFor(), t.stated(), t.line()));
    }
    unwritable.sort(java.util.Comparator.comparingInt(AlertRules::lineOf));
    return new AlertRules(rules, skipped, unwritable);
  }

  private static int lineOf(String message) {
    return Integer.parseInt(message.substring(5, message.indexOf(':')));
  }

  /** A Prometheus rule file: one group holding every rule. */
  public String ruleFile(String group, String source) {
    StringBuilder yaml = new StringBuilder("# The alert table of " + source + " as Prometheus alerting rules, written "
        + "by 'drillbook runbook rules'.\ngroups:\n");
    groups(yaml, group, "  ");
    return yaml.toString();
  }

  /** A Prometheus Operator PrometheusRule holding the same group. */
  public String prometheusRule(String name, String namespace, String group, String source) {
    StringBuilder yaml = new StringBuilder("# The alert table of " + source + " as a PrometheusRule, written by "
        + "'drillbook runbook rules'.\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n"
        + "  name: " + quoted(name) + "\n");
    if (namespace != null) {
      yaml.append("  namespace: ").append(quoted(namespace)).append('\n');
    }
    yaml.append("spec:\n  groups:\n");
    groups(yaml, group, "    ");
    return yaml.toString();
  }

  private void groups(StringBuilder yaml, String group, String indent) {
    yaml.append(indent).append("- name: ").append(quoted(group)).append('\n');
    yaml.append(indent).append("  rules:\n");
    for (Rule r : rules) {
      String in = indent + "    ";
      yaml.append(in).append("- alert: ").append(quoted(r.alert())).append('\n');
      yaml.append(in).append("  expr: ").append(quoted(r.expr())).append('\n');
      if (r.holdFor() != null) {
        yaml.append(in).append("  for: ").append(quoted(promDuration(r.holdFor()))).append('\n');
      }
      yaml.append(in).append("  annotations:\n");
      yaml.append(in).append("    summary: ").append(quoted(r.summary())).append('\n');
      yaml.append(in).append("    runbook_line: ").append(quoted(Integer.toString(r.line()))).append('\n');
    }
  }

  /** A YAML double-quoted scalar: JSON string syntax, which YAML reads the same. */
  private static String quoted(String text) {
    try {
      return new ObjectMapper().writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Prometheus's duration syntax: {@code 5m}, {@code 1h30m}, {@code 90s}. */
  static String promDuration(Duration d) {
    long s = d.toSeconds();
    if (s == 0) {
      return d.toMillis() + "ms";
    }
    StringBuilder out = new StringBuilder();
    if (s >= 3600) {
      out.append(s / 3600).append('h');
      s %= 3600;
    }
    if (s >= 60) {
      out.append(s / 60).append('m');
      s %= 60;
    }
    if (s > 0) {
      out.append(s).append('s');
    }
    return out.toString();
  }

  /** A number as PromQL reads it, without exponent or trailing zeros: {@code 0.1}, {@code 30}. */
  static String plain(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
