package io.drillbook.prometheus;

import java.time.Instant;
import java.util.Map;

/**
 * An alert a Prometheus alerting rule holds active ({@code /api/v1/alerts}).
 *
 * @param labels the alert's labels, {@code alertname} included
 * @param state {@code pending} or {@code firing}
 * @param activeAt when the rule's condition started to hold, or null when Prometheus does not say
 */
public record RuleAlert(Map<String, String> labels, String state, Instant activeAt) {
  public RuleAlert {
    labels = Map.copyOf(labels);
  }
}
