package io.drillbook.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each waiting phase may take before it fails.
 *
 * @param rollout rollback (and restore) rollout until complete
 * @param health health URL until it answers the expected status
 * @param restore the whole restore: retries while the cluster (or GitHub) cannot be reached, and its rollout
 */
public record Timeouts(Duration rollout, Duration health, Duration restore) {
  public static final Timeouts DEFAULTS = new Timeouts(Duration.ofMinutes(10), Duration.ofMinutes(2));

  public Timeouts {
    Objects.requireNonNull(rollout, "'rollout' must not be null");
    Objects.requireNonNull(health, "'health' must not be null");
    Objects.requireNonNull(restore, "'restore' must not be null");
  }

  /** Timeouts whose restore may take as long as a rollout. */
  public Timeouts(Duration rollout, Duration health) {
    this(rollout, health, rollout);
  }
}
