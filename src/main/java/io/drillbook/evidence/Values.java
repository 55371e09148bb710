package io.drillbook.evidence;

import io.drillbook.drill.Verdict;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Pattern;

/** Text forms of entry values; every parse accepts only what the matching format produces. */
final class Values {

  private static final DateTimeFormatter INSTANT =
      new DateTimeFormatterBuilder().appendInstant(3).toFormatter(Locale.ROOT);
  private static final Pattern SECONDS = Pattern.compile("-?\\d{1,15}\\.\\d{3}");
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,19}");
  private static final String SECONDS_UNIT = " s";

  private Values() {}

  static String instant(Instant instant) {
    return INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  static Instant parseInstant(String text) {
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

  static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis(), 3).toPlainString();
  }

  static Duration parseSeconds(String text) {
    if (!SECONDS.matcher(text).matches()) {
      throw new IllegalArgumentException("not a number of seconds with 3 decimals: '" + text + "'");
    }
    return Duration.ofMillis(new BigDecimal(text).movePointRight(3).longValueExact());
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
    if (!INTEGER.matcher(text).matches()) {
      throw new IllegalArgumentException("not an integer: '" + text + "'");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("integer out of range: '" + text + "'");
    }
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
