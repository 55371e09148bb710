package io.drillbook.drill;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Where a drill gets time: wall-clock instants from a {@link Clock}, durations from a monotonic nanosecond
 * source, so a clock step never distorts a measured recovery.
 */
public record Timing(Clock clock, LongSupplier nanoTime) {
  public Timing {
    Objects.requireNonNull(clock, "'clock' must not be null");
    Objects.requireNonNull(nanoTime, "'nanoTime' must not be null");
  }

  public static Timing system() {
    return new Timing(Clock.systemUTC(), System::nanoTime);
  }

  /** Now, truncated to milliseconds (the precision evidence records). */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  public long nanos() {
    return nanoTime.getAsLong();
  }
}
