package io.drillbook.freeze;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Objects;

/**
 * One occurrence of a freeze window, as it applies at some instant.
 *
 * @param name the window's name
 * @param from when the occurrence began, in the window's zone
 * @param until when it ends (exclusive), in the window's zone
 */
public record ActiveFreeze(String name, ZonedDateTime from, ZonedDateTime until) {
  public ActiveFreeze {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(from, "'from' must not be null");
    Objects.requireNonNull(until, "'until' must not be null");
    if (!until.toInstant().isAfter(from.toInstant())) {
      throw new IllegalArgumentException("'until' (" + until + ") must be after 'from' (" + from + ")");
    }
  }

  /**
   * {@code local} on the clock of {@code zone}: a time the clock skips (02:30 on a spring-forward night) is the moment
   * it resumes (03:00), a time it shows twice is the first of them.
   */
  static ZonedDateTime onTheClock(LocalDateTime local, ZoneId zone) {
    ZoneOffsetTransition transition = zone.getRules().getTransition(local);
    if (transition != null && transition.isGap()) {
      return transition.getDateTimeAfter().atZone(zone);
    }
    return ZonedDateTime.of(local, zone);
  }

  /** Whether {@code at} falls in this occurrence. */
  public boolean covers(Instant at) {
    return !at.isBefore(from.toInstant()) && at.isBefore(until.toInstant());
  }

  /** {@code 'year-end' (2026-12-21T00:00+01:00 to 2027-01-04T00:00+01:00, Europe/Berlin)}. */
  public String describe() {
    return "'" + name + "' (" + from.toOffsetDateTime() + " to " + until.toOffsetDateTime() + ", "
        + from.getZone().getId() + ")";
  }
}
