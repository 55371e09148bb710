package io.drillbook.freeze;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A freeze that starts on every local time {@code every} matches and lasts {@code length} of wall-clock time in its
 * zone: {@code 0 18 * * FRI} for {@code 64h} in Europe/Berlin runs from Friday 18:00 to Monday 10:00 on the Berlin
 * clock, also on the weekend the clocks go back (when 65 hours pass) or forward (63 hours).
 *
 * @param name the window's name
 * @param zone the zone {@code every} is read in
 * @param every when each occurrence starts
 * @param length how long each lasts, added to its local start time
 */
public record RecurringFreeze(String name, ZoneId zone, WallClockCron every, Duration length)
    implements FreezeWindow {
  public RecurringFreeze {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(zone, "'timezone' must not be null");
    Objects.requireNonNull(every, "'every' must not be null");
    Objects.requireNonNull(length, "'for' must not be null");
    if (length.isZero() || length.isNegative()) {
      throw new IllegalArgumentException("'for' must be longer than 0s");
    }
  }

  @Override
  public Optional<ActiveFreeze> activeAt(Instant at) {
    LocalDateTime local = LocalDateTime.ofInstant(at, zone);
    // An occurrence covering `at` started at most `length` (plus a DST shift) before it.
    LocalDateTime earliest = local.minus(length).minusDays(1);
    ActiveFreeze found = null;
    for (LocalDateTime start : every.timesBetween(earliest.toLocalDate(), local.toLocalDate())) {
      ActiveFreeze occurrence = occurrence(start);
      if (occurrence != null && occurrence.covers(at)
          && (found == null || occurrence.until().isAfter(found.until()))) {
        found = occurrence;
      }
    }
    return Optional.ofNullable(found);
  }

  private ActiveFreeze occurrence(LocalDateTime start) {
    ZonedDateTime from = ActiveFreeze.onTheClock(start, zone);
    ZonedDateTime until = ActiveFreeze.onTheClock(start.plus(length), zone);
    // A short window inside a skipped hour (02:10 for 20m on a spring-forward night) has no wall-clock time at all.
    return until.isAfter(from) ? new ActiveFreeze(name, from, until) : null;
  }
}
