package io.drillbook.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations the way operators write them: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 250ms}. */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|h|m|s))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

  private Durations() {}

  /**
   * Parses a duration such as {@code 10m} or {@code 1h30m}.
   *
   * @throws IllegalArgumentException naming the accepted form when the text is not a duration
   */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (!WHOLE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(
          "'" + abbreviate(text) + "' is not a duration; write e.g. 90s, 5m, 1h30m or 250ms");
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(trimmed);
    while (m.find()) {
      long amount;
      try {
        amount = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + abbreviate(text) + "' is too large a duration");
      }
      try {
        total = total.plus(switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        });
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("'" + abbreviate(text) + "' is too large a duration");
      }
    }
    return total;
  }

  private static String abbreviate(String text) {
    return text != null && text.length() > 60 ? text.substring(0, 60) + "..." : text;
  }

  /** Prints a duration in the same notation, e.g. {@code 5m} or {@code 1m30s}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long hours = d.toHours();
    int minutes = d.toMinutesPart();
    int seconds = d.toSecondsPart();
    int millis = d.toMillisPart();
    if (hours > 0) sb.append(hours).append('h');
    if (minutes > 0) sb.append(minutes).append('m');
    if (seconds > 0) sb.append(seconds).append('s');
    if (millis > 0) sb.append(millis).append("ms");
    return sb.toString();
  }
}
