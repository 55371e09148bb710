package io.drillbook.evidence;

import io.drillbook.drill.Verdict;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Text forms of entry values; every parse accepts only what the matching format produces. */
final class Values {

  private static final DateTimeFormatter INSTANT =
      new DateTimeFormatterBuilder().appendInstant(3).toFormatter(Locale.ROOT);
  private static final String SECONDS_UNIT = " s";
  private static final long FIRST_FAST_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
  private static final long LAST_FAST_SECOND = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400 - 1;

  private Values() {}

  static String instant(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds >= FIRST_FAST_SECOND && seconds <= LAST_FAST_SECOND) {
      return canonicalInstant(seconds, instant.getNano() / 1_000_000);
    }
    return INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  static Instant parseInstant(String text) {
    Instant fast = parseCanonicalInstant(text);
    if (fast != null) {
      return fast;
    }
    Instant parsed;
    try {
      parsed = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an ISO-8601 UTC instant: '" + text + "'");
    }
    if (!instant(parsed).equals(text)) {
      throw new IllegalArgumentException(
          "not an ISO-8601 UTC instant with milliseconds (yyyy-MM-ddTHH:mm:ss.SSSZ): '" + text + "'");
    }
    return parsed;
  }

  /**
   * What {@link #INSTANT} writes for years 0000 to 9999 (yyyy-MM-ddTHH:mm:ss.SSSZ), built by hand because every
   * entry formats several instants.
   */
  private static String canonicalInstant(long epochSecond, int millis) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
    char[] out = new char[24];
    digits(out, 0, t.getYear(), 4);
    out[4] = '-';
    digits(out, 5, t.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, t.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, t.getHour(), 2);
    out[13] = ':';
    digits(out, 14, t.getMinute(), 2);
    out[16] = ':';
    digits(out, 17, t.getSecond(), 2);
    out[19] = '.';
    digits(out, 20, millis, 3);
    out[23] = 'Z';
    return new String(out);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * The instant of text in exactly the canonical form with a year from 0000 to 9999, or null for anything else,
   * which the reference parse above then judges (and words the error for).
   */
  private static Instant parseCanonicalInstant(String t) {
    if (t.length() != 24 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
        || t.charAt(16) != ':' || t.charAt(19) != '.' || t.charAt(23) != 'Z') {
      return null;
    }
    int year = number(t, 0, 4);
    int month = number(t, 5, 2);
    int day = number(t, 8, 2);
    int hour = number(t, 11, 2);
    int minute = number(t, 14, 2);
    int second = number(t, 17, 2);
    int millis = number(t, 20, 3);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0) {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, millis * 1_000_000L);
  }

  /** The ASCII digits at {@code [at, at + width)} as a number, or -1 if any is not a digit. */
  private static int number(String t, int at, int width) {
    int value = 0;
    for (int i = at; i < at + width; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis(), 3).toPlainString();
  }

  static Duration parseSeconds(String text) {
    if (!isSeconds(text)) {
      throw new IllegalArgumentException("not a number of seconds with 3 decimals: '" + text + "'");
    }
    int point = text.length() - 4;
    boolean negative = text.charAt(0) == '-';
    long millis = Long.parseLong(text, negative ? 1 : 0, point, 10) * 1000 + Integer.parseInt(text, point + 1, point + 4, 10);
    return Duration.ofMillis(negative ? -millis : millis);
  }

  static String secondsWithUnit(Duration duration) {
    return seconds(duration) + SECONDS_UNIT;
  }

  static Duration parseSecondsWithUnit(String text) {
    if (!text.endsWith(SECONDS_UNIT)) {
      throw new IllegalArgumentException("not a duration like '12.345 s': '" + text + "'");
    }
    return parseSeconds(text.substring(0, text.length() - SECONDS_UNIT.length()));
  }

  static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }

  static boolean parseYesNo(String text) {
    return switch (text) {
      case "yes" -> true;
      case "no" -> false;
      default -> throw new IllegalArgumentException("expected 'yes' or 'no': '" + text + "'");
    };
  }

  static Long parseLong(String text) {
    if (!isInteger(text)) {
      throw new IllegalArgumentException("not an integer: '" + text + "'");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("integer out of range: '" + text + "'");
    }
  }

  /** Whether text matches {@code -?\\d{1,15}\\.\\d{3}} (ASCII digits), checked by hand: it is read for every phase. */
  private static boolean isSeconds(String text) {
    int n = text.length();
    int sign = n > 0 && text.charAt(0) == '-' ? 1 : 0;
    int whole = n - sign - 4;
    return whole >= 1 && whole <= 15 && text.charAt(n - 4) == '.'
        && allDigits(text, sign, n - 4) && allDigits(text, n - 3, n);
  }

  /** Whether text matches {@code -?\\d{1,19}} (ASCII digits; Long.parseLong alone would take other scripts). */
  private static boolean isInteger(String text) {
    int n = text.length();
    int sign = n > 0 && text.charAt(0) == '-' ? 1 : 0;
    return n - sign >= 1 && n - sign <= 19 && allDigits(text, sign, n);
  }

  private static boolean allDigits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  static Verdict parseVerdict(String text) {
    for (Verdict v : Verdict.values()) {
      if (v.name().equals(text)) {
        return v;
      }
    }
    throw new IllegalArgumentException("not a verdict (PASS, FAIL, INCONCLUSIVE, ABORTED): '" + text + "'");
  }
}
