package io.drillbook.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The one place main code gets time from: wall-clock instants from a {@link Clock}, durations from a monotonic
 * nanosecond source (so a clock step never distorts a measured recovery or a lease's lapse), and waits from a
 * {@link Sleeper}. Only {@link #system()} touches the real clock; everything else is handed a {@code Timing}.
 */
public record Timing(Clock clock, LongSupplier nanoTime, Sleeper sleeper) {
  public Timing {
    Objects.requireNonNull(clock, "'clock' must not be null");
    Objects.requireNonNull(nanoTime, "'nanoTime' must not be null");
    Objects.requireNonNull(sleeper, "'sleeper' must not be null");
  }

  /** A timing that sleeps for real (tests whose clock is fake but whose waits are short). */
  public Timing(Clock clock, LongSupplier nanoTime) {
    this(clock, nanoTime, Sleeper.REAL);
  }

  public static Timing system() {
    return new Timing(Clock.systemUTC(), System::nanoTime, Sleeper.REAL);
  }

  /** Now, truncated to milliseconds (the precision evidence records). */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  public long nanos() {
    return nanoTime.getAsLong();
  }

  /** Time passed since {@code startNanos}, a reading of {@link #nanos()}. */
  public Duration since(long startNanos) {
    return Duration.ofNanos(nanos() - startNanos);
  }

  public void sleep(Duration d) throws InterruptedException {
    sleeper.sleep(d);
  }
}
