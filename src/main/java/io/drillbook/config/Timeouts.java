package io.drillbook.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each waiting phase may take before it fails.
 *
 * @param rollout rollback (and restore) rollout until complete
 * @param health health URL until it answers the expected status
 */
public record Timeouts(Duration rollout, Duration health) {
  public static final Timeouts DEFAULTS = new Timeouts(Duration.ofMinutes(10), Duration.ofMinutes(2));

  public Timeouts {
    Objects.requireNonNull(rollout, "'rollout' must not be null");
    Objects.requireNonNull(health, "'health' must not be null");
  }
}
