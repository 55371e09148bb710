package io.drillbook.verify;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.VerificationConfig;
import io.drillbook.config.VerificationConfig.ThresholdOverride;
import io.drillbook.prometheus.PromQl;
import io.drillbook.prometheus.ThresholdCheck;
import io.drillbook.runbook.Threshold;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the runbook's thresholds into Prometheus checks for one drill: the config's overrides first, units to the
 * base units Prometheus uses (a percentage to a ratio, milliseconds to seconds), every selector scoped to the target.
 * What cannot be evaluated as stated is reported, never guessed.
 *
 * @param checks what will be evaluated
 * @param skipped alert name to the reason the config gave for leaving it out
 * @param problems one sentence per threshold that cannot be evaluated as stated
 * @param resources the memory and CPU thresholds (a share of the limit) the traffic check judges pod by pod
 */
record ThresholdPlan(List<ThresholdCheck> checks, Map<String, String> skipped, List<String> problems,
    List<Threshold> resources) {

  static ThresholdPlan of(List<Threshold> thresholds, DrillConfig drill) {
    return of(thresholds, drill, false);
  }

  /**
   * @param traffic whether the runbook's traffic check runs: then a memory or CPU threshold stated as a share of
   *     the limit is judged from the pods' metrics, and needs no PromQL
   */
  static ThresholdPlan of(List<Threshold> thresholds, DrillConfig drill, boolean traffic) {
    VerificationConfig config = drill.verification();
    Map<String, String> matchers = io.drillbook.config.LabelMatchers.resolve(config.matchers(), drill.target());
    List<ThresholdCheck> checks = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    List<Threshold> resources = new ArrayList<>();
    for (Threshold t : thresholds) {
      ThresholdOverride override = config.thresholds().get(t.alert());
      if (override != null && override.skip() != null) {
        skipped.put(t.alert(), override.skip());
        continue;
      }
      boolean resource = traffic && TrafficJudge.isResourceShare(t);
      if (resource) {
        resources.add(t);
      }
      if (resource && t.query() == null && (override == null || override.query() == null)) {
        continue;
      }
      String query = query(t, override, problems);
      if (query == null) {
        continue;
      }
      double limit = t.baseValue();
      checks.add(new ThresholdCheck(t.alert(), PromQl.scope(query, matchers),
          ThresholdCheck.Comparator.of(t.comparator()), limit, true));
    }
    return new ThresholdPlan(checks, skipped, problems, resources);
  }

  /**
   * The PromQL whose value {@code t}'s number speaks of, as written in the runbook or as the config's override makes
   * it; null, with one sentence added to {@code problems}, when neither says.
   */
  static String query(Threshold t, ThresholdOverride override, List<String> problems) {
    String where = "threshold " + t.alert() + " (runbook line " + t.line() + ", " + t.metric() + " "
        + t.comparator() + " " + number(t.value()) + t.unit() + ")";
    if (override != null && override.query() != null) {
      return override.query();
    }
    if (t.query() == null) {
      problems.add(where + " has no query in the runbook; give thresholds." + t.alert() + ".query or .skip");
      return null;
    }
    if (override != null && override.denominator() != null) {
      return "(" + t.query() + ") / (" + override.denominator() + ")";
    }
    if (t.unit().equals("%") && !t.query().contains("/")) {
      problems.add(where + " states a percentage but its query '" + t.query() + "' is not a ratio; give thresholds."
          + t.alert() + ".denominator (e.g. the request rate) or .query");
      return null;
    }
    return t.query();
  }

  static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
  }
}
