package io.drillbook.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One timed phase of a drill.
 *
 * @param name phase name, e.g. {@code preflight}, {@code rollback}, {@code rollout}
 * @param startedAt wall-clock start (from the injected clock), millisecond precision
 * @param duration monotonic duration, millisecond precision
 * @param ok whether the phase succeeded
 * @param detail one human-readable sentence on what happened
 */
public record PhaseResult(String name, Instant startedAt, Duration duration, boolean ok, String detail) {
  public PhaseResult {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(startedAt, "'startedAt' must not be null");
    Objects.requireNonNull(duration, "'duration' must not be null");
    detail = detail == null ? "" : detail;
  }

  /** Duration in seconds with millisecond precision. */
  public double seconds() {
    return duration.toMillis() / 1000.0;
  }
}
