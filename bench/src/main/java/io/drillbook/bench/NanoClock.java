package io.drillbook.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A wall clock driven by the monotonic nanosecond source, so instants the sandbox stamps and nanos a drill
 * measures are on one time line and can be subtracted to the nanosecond.
 */
final class NanoClock extends Clock {
  private final LongSupplier nanoTime;
  private final long baseNanos;
  private final Instant base;

  NanoClock(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.baseNanos = nanoTime.getAsLong();
    this.base = Instant.now();
  }

  static NanoClock system() {
    return new NanoClock(System::nanoTime);
  }

  long nanos() {
    return nanoTime.getAsLong();
  }

  /** The monotonic reading that corresponds to {@code instant} on this clock. */
  long toNanos(Instant instant) {
    long seconds = instant.getEpochSecond() - base.getEpochSecond();
    return baseNanos + seconds * 1_000_000_000L + (instant.getNano() - base.getNano());
  }

  @Override
  public Instant instant() {
    return base.plusNanos(nanoTime.getAsLong() - baseNanos);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("bench clock is UTC only");
  }
}
