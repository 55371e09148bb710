package io.drillbook.prometheus;

import java.time.Duration;
import java.util.Map;

/**
 * An alerting rule as Prometheus has loaded it ({@code /api/v1/rules}).
 *
 * @param group the rule group's name
 * @param file the rule file the group came from
 * @param name the alert name
 * @param query the expression, as Prometheus prints it back (normalised, not the file's text)
 * @param holdFor the rule's {@code for}
 * @param labels the labels the rule adds
 */
public record AlertingRule(String group, String file, String name, String query, Duration holdFor,
    Map<String, String> labels) {
  public AlertingRule {
    labels = Map.copyOf(labels);
  }
}
