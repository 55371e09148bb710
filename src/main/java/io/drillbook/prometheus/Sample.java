package io.drillbook.prometheus;

import java.util.Map;
import java.util.Objects;

/**
 * One value of an instant query: the series' labels (empty for a scalar result) and its value, which may be NaN or
 * infinite as Prometheus reports it.
 */
public record Sample(Map<String, String> labels, double value) {
  public Sample {
    labels = Map.copyOf(Objects.requireNonNull(labels, "'labels' must not be null"));
  }
}
