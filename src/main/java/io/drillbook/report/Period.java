package io.drillbook.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The dates a report covers, inclusive, in UTC; either bound may be open (null).
 *
 * @param since first day covered, or null for no lower bound
 * @param until last day covered, or null for no upper bound
 */
public record Period(LocalDate since, LocalDate until) {

  public Period {
    if (since != null && until != null && until.isBefore(since)) {
      throw new IllegalArgumentException("until " + until + " is before since " + since);
    }
  }

  /** The whole of every log. */
  public static Period all() {
    return new Period(null, null);
  }

  /** {@code <since>_<until>} for file names, {@code all} when both bounds are open; an open bound reads {@code all}. */
  public String name() {
    if (since == null && until == null) {
      return "all";
    }
    return (since == null ? "all" : since.toString()) + "_" + (until == null ? "all" : until.toString());
  }

  /** Whether {@code t} falls on a covered day (UTC). */
  public boolean contains(Instant t) {
    LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
    return (since == null || !day.isBefore(since)) && (until == null || !day.isAfter(until));
  }
}
