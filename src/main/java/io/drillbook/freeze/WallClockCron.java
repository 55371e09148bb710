package io.drillbook.freeze;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A five-field cron expression ({@code minute hour day-of-month month day-of-week}, as crontab and a Kubernetes
 * CronJob's {@code schedule} write it) matched against local date-times, so it knows nothing of offsets: the caller
 * places its times in a zone. As in crontab, when both day fields are restricted a day matching either one matches.
 */
public final class WallClockCron {
  private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
      "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean eitherDay;

  private WallClockCron(String text, String[] f) {
    this.text = text;
    this.minutes = field(f[0], "minute", 0, 59, List.of(), 0);
    this.hours = field(f[1], "hour", 0, 23, List.of(), 0);
    this.daysOfMonth = field(f[2], "day-of-month", 1, 31, List.of(), 0);
    this.months = field(f[3], "month", 1, 12, MONTHS, 1);
    BitSet dow = field(f[4], "day-of-week", 0, 7, DAYS, 0);
    if (dow.get(7)) {
      dow.set(0);
    }
    this.daysOfWeek = dow;
    this.eitherDay = !f[2].startsWith("*") && !f[4].startsWith("*");
  }

  /**
   * Parses {@code 0 18 * * FRI} and the like: {@code *}, numbers, names (JAN-DEC, SUN-SAT, 0 or 7 for Sunday),
   * ranges, lists and steps ({@code *}{@code /15}, {@code 1-5/2}).
   *
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public static WallClockCron parse(String text) {
    String[] f = text == null ? new String[0] : text.trim().split("\\s+");
    if (f.length == 6 || f.length == 7) {
      throw new IllegalArgumentException("'" + text + "' has " + f.length + " fields; a freeze's 'every' takes five "
          + "(minute hour day-of-month month day-of-week, e.g. '0 18 * * FRI'), without Quartz's seconds");
    }
    if (f.length != 5) {
      throw new IllegalArgumentException("'" + text + "' is not a cron expression of five fields (minute hour "
          + "day-of-month month day-of-week, e.g. '0 18 * * FRI')");
    }
    return new WallClockCron(text.trim(), f);
  }

  /** Every matching local time from the start of {@code first} to the end of {@code last}, in order. */
  List<LocalDateTime> timesBetween(LocalDate first, LocalDate last) {
    List<LocalDateTime> times = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      if (!months.get(d.getMonthValue()) || !dayMatches(d)) {
        continue;
      }
      for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
        for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
          times.add(d.atTime(h, m));
        }
      }
    }
    return times;
  }

  private boolean dayMatches(LocalDate d) {
    boolean dom = daysOfMonth.get(d.getDayOfMonth());
    boolean dow = daysOfWeek.get(d.getDayOfWeek().getValue() % 7);
    return eitherDay ? dom || dow : dom && dow;
  }

  @Override
  public String toString() {
    return text;
  }

  private static BitSet field(String text, String name, int min, int max, List<String> names, int nameBase) {
    BitSet set = new BitSet(max + 1);
    for (String item : text.split(",", -1)) {
      String range = item;
      int step = 1;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        range = item.substring(0, slash);
        step = number(item.substring(slash + 1), name, 1, max, List.of(), 0);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = name.equals("day-of-week") ? 6 : max;
      } else if (range.indexOf('-') > 0) {
        from = number(range.substring(0, range.indexOf('-')), name, min, max, names, nameBase);
        to = number(range.substring(range.indexOf('-') + 1), name, min, max, names, nameBase);
        if (to < from) {
          throw new IllegalArgumentException(name + " range '" + range + "' runs backwards");
        }
      } else {
        from = number(range, name, min, max, names, nameBase);
        to = slash >= 0 ? max : from;
      }
      for (int v = from; v <= to; v += step) {
        set.set(v);
      }
    }
    return set;
  }

  private static int number(String text, String name, int min, int max, List<String> names, int nameBase) {
    int named = names.indexOf(text.toUpperCase(Locale.ROOT));
    if (named >= 0) {
      return named + nameBase;
    }
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + text + "' is not a number" + (names.isEmpty() ? ""
          : " or a name (" + names.get(0) + "-" + names.get(names.size() - 1) + ")"));
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " " + value + " is outside " + min + "-" + max);
    }
    return value;
  }
}
