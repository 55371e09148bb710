package io.drillbook.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A drill's {@code stopWhen}: conditions that abort it at once (and restore) while it runs. Each is optional.
 *
 * @param healthFailingFor abort when the health check has not answered its expected status for this long, or null
 * @param noRolloutProgressFor abort when the Deployment's rollout status has not changed for this long, or null
 * @param query abort when this PromQL query returns a value above its limit, or null
 * @param interval how often the conditions are checked
 */
public record StopConditions(Duration healthFailingFor, Duration noRolloutProgressFor, Query query,
    Duration interval) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  /** No stop conditions: the drill runs as it always did. */
  public static final StopConditions NONE = new StopConditions(null, null, null, DEFAULT_INTERVAL);

  public StopConditions {
    Objects.requireNonNull(interval, "'interval' must not be null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("'interval' must be positive");
    }
  }

  public boolean isEmpty() {
    return healthFailingFor == null && noRolloutProgressFor == null && query == null;
  }

  /**
   * @param promql the query, evaluated as an instant query at each check
   * @param above the drill stops when any series of the result is above this value
   */
  public record Query(String promql, double above) {
    public Query {
      Objects.requireNonNull(promql, "'promql' must not be null");
      if (!Double.isFinite(above)) {
        throw new IllegalArgumentException("'above' must be a finite number");
      }
    }
  }
}
