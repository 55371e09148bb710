package io.drillbook.drift;

import io.drillbook.drift.Finding.Severity;
import io.drillbook.prometheus.AlertingRule;
import io.drillbook.prometheus.PromQl;
import io.drillbook.prometheus.PrometheusClient;
import io.drillbook.prometheus.PrometheusException;
import io.drillbook.runbook.Threshold;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Holds Prometheus's alerting rules to the runbook's alert table: each alert the runbook names has a rule, stating the
 * runbook's threshold with its comparator, over the metrics the runbook's query reads. The expression text itself
 * may differ (aggregation, windows, recording rules); what it compares against may not.
 */
final class AlertRuleAudit {
  private static final int RECORDING_DEPTH = 5;

  private final PrometheusClient prometheus;

  AlertRuleAudit(PrometheusClient prometheus) {
    this.prometheus = prometheus;
  }

  void audit(List<Threshold> thresholds, List<Finding> findings) throws PrometheusException, InterruptedException {
    List<AlertingRule> rules = prometheus.alertingRules();
    Map<String, String> recording = prometheus.recordingRules();
    Map<String, List<Threshold>> byAlert = new LinkedHashMap<>();
    thresholds.forEach(t -> byAlert.computeIfAbsent(t.alert(), a -> new ArrayList<>()).add(t));
    for (Map.Entry<String, List<Threshold>> alert : byAlert.entrySet()) {
      List<AlertingRule> named = rules.stream().filter(r -> r.name().equals(alert.getKey())).toList();
      if (named.isEmpty()) {
        findings.add(new Finding(Severity.DRIFT, alert.getValue().get(0).line(), "prometheus", "alert "
            + alert.getKey() + " has no alerting rule in Prometheus (" + rules.size() + " alerting rules loaded)"));
        continue;
      }
      for (Threshold t : alert.getValue()) {
        threshold(t, named, findings);
        metrics(t, named, recording, findings);
      }
    }
  }

  private static void threshold(Threshold t, List<AlertingRule> named, List<Finding> findings) {
    List<PromQl.Condition> stated = new ArrayList<>();
    for (AlertingRule rule : named) {
      stated.addAll(PromQl.conditions(rule.query()));
    }
    double limit = t.baseValue();
    boolean same = stated.stream().anyMatch(c -> c.comparator().equals(t.comparator()) && close(c.value(), limit));
    if (same) {
      return;
    }
    String rule = named.size() == 1 ? "its rule" : "its " + named.size() + " rules";
    String says = "the runbook says " + t.stated() + " (" + t.comparator() + " " + number(limit)
        + " in Prometheus's units)";
    if (stated.isEmpty()) {
      findings.add(new Finding(Severity.SKIPPED, t.line(), "prometheus", "alert " + t.alert() + ": threshold not "
          + "compared: " + says + ", and " + rule + " compare against no number (" + queries(named) + ")"));
      return;
    }
    findings.add(new Finding(Severity.DRIFT, t.line(), "prometheus", "alert " + t.alert() + ": " + says + ", but "
        + rule + " in Prometheus state " + stated.stream().map(c -> c.comparator() + " " + number(c.value()))
            .distinct().collect(Collectors.joining(" and ")) + " (" + queries(named) + ")"));
  }

  private static void metrics(Threshold t, List<AlertingRule> named, Map<String, String> recording,
      List<Finding> findings) {
    if (t.query() == null) {
      return;
    }
    Set<String> runbook = PromQl.metricNames(t.query());
    Set<String> read = new LinkedHashSet<>();
    for (AlertingRule rule : named) {
      expand(PromQl.metricNames(rule.query()), recording, read, RECORDING_DEPTH);
    }
    Set<String> missing = new LinkedHashSet<>(runbook);
    missing.removeAll(read);
    if (!missing.isEmpty()) {
      findings.add(new Finding(Severity.DRIFT, t.line(), "prometheus", "alert " + t.alert() + ": the runbook's "
          + "query reads " + String.join(", ", runbook) + ", but the rule in Prometheus reads "
          + (read.isEmpty() ? "no metric" : String.join(", ", read)) + " (no " + String.join(", ", missing) + ")"));
    }
  }

  /** A recording rule's name stands for the metrics its expression reads, and is kept itself too. */
  private static void expand(Set<String> names, Map<String, String> recording, Set<String> into, int depth) {
    for (String name : names) {
      if (into.add(name) && depth > 0 && recording.containsKey(name)) {
        expand(PromQl.metricNames(recording.get(name)), recording, into, depth - 1);
      }
    }
  }

  private static String queries(List<AlertingRule> rules) {
    return rules.stream().map(r -> "`" + r.query() + "`").collect(Collectors.joining(", "));
  }

  private static boolean close(double a, double b) {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
