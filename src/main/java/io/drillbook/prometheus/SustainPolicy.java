package io.drillbook.prometheus;

import java.time.Duration;
import java.util.Objects;

/**
 * How long thresholds must hold and how they are watched.
 *
 * @param window how long every check must hold without a breach, measured between the first and the last
 *     all-clear evaluation of the window
 * @param interval time between the starts of two evaluations
 * @param timeout how long to try, from the first evaluation, before giving up; at least {@code window}
 */
public record SustainPolicy(Duration window, Duration interval, Duration timeout) {
  public SustainPolicy {
    Objects.requireNonNull(window, "'window' must not be null");
    Objects.requireNonNull(interval, "'interval' must not be null");
    Objects.requireNonNull(timeout, "'timeout' must not be null");
    if (window.isNegative()) {
      throw new IllegalArgumentException("sustain window must not be negative: " + window);
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("evaluation interval must be positive: " + interval);
    }
    if (timeout.compareTo(window) < 0) {
      throw new IllegalArgumentException("timeout " + timeout + " is shorter than the sustain window " + window
          + ", so the thresholds could never be shown to hold");
    }
  }
}
