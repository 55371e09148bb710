package io.drillbook.freeze;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A named period in which drills do not run: fixed dates ({@link FixedFreeze}) or a window that recurs on a cron
 * ({@link RecurringFreeze}). Both are read in their own time zone, so they follow its wall clock across DST changes.
 */
public sealed interface FreezeWindow permits FixedFreeze, RecurringFreeze {

  /** The name drill entries and reports cite, e.g. {@code year-end}. */
  String name();

  /** The zone its dates and times are read in. */
  ZoneId zone();

  /** The occurrence covering {@code at} ({@code from <= at < until}), or empty when {@code at} is not frozen. */
  Optional<ActiveFreeze> activeAt(Instant at);
}
