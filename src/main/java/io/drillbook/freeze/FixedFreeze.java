package io.drillbook.freeze;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * A freeze between two wall-clock times of its zone.
 *
 * @param name the window's name
 * @param zone the zone {@code from} and {@code until} are read in
 * @param from the first frozen moment
 * @param until the first moment no longer frozen
 */
public record FixedFreeze(String name, ZoneId zone, LocalDateTime from, LocalDateTime until)
    implements FreezeWindow {
  public FixedFreeze {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(zone, "'timezone' must not be null");
    Objects.requireNonNull(from, "'from' must not be null");
    Objects.requireNonNull(until, "'until' must not be null");
    if (!ActiveFreeze.onTheClock(until, zone).isAfter(ActiveFreeze.onTheClock(from, zone))) {
      throw new IllegalArgumentException("'until' (" + until + ") must be after 'from' (" + from + ")");
    }
  }

  @Override
  public Optional<ActiveFreeze> activeAt(Instant at) {
    ActiveFreeze whole =
        new ActiveFreeze(name, ActiveFreeze.onTheClock(from, zone), ActiveFreeze.onTheClock(until, zone));
    return whole.covers(at) ? Optional.of(whole) : Optional.empty();
  }
}
