package io.drillbook.drill;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * An alert seen for a drill's target.
 *
 * @param name the {@code alertname} label
 * @param state as the source reports it: {@code firing} or {@code pending} (Prometheus), {@code active} or
 *     {@code suppressed} (Alertmanager)
 * @param since when it became active, or null when the source does not say (a range query sees only samples)
 * @param labels the labels that identify the target (namespace, deployment, pod, ...), in a stable order
 */
public record FiringAlert(String name, String state, Instant since, Map<String, String> labels) {
  public FiringAlert {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(state, "'state' must not be null");
    labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
  }

  /** {@code OrchestratorErrors (firing since 2026-12-05T06:00:03Z, namespace=intelgraph-staging)}. */
  public String describe() {
    StringJoiner inside = new StringJoiner(", ", " (", ")");
    inside.add(state + (since == null ? "" : " since " + since));
    labels.forEach((k, v) -> inside.add(k + "=" + v));
    return name + inside;
  }
}
