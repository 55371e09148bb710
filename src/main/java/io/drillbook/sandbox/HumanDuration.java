package io.drillbook.sandbox;

import java.time.Duration;
import java.time.Instant;

/** apimachinery's {@code duration.HumanDuration}: the AGE and LAST SEEN cells ("45s", "3m12s", "5h2m", "12d"). */
final class HumanDuration {

  private HumanDuration() {}

  static String since(Instant then, Instant now) {
    return format(Duration.between(then, now));
  }

  /** As the printers' {@code translateTimestampSince}: {@code <unknown>} for a zero timestamp. */
  static String sinceOrUnknown(Instant then, Instant now) {
    return then == null ? "<unknown>" : since(then, now);
  }

  static String format(Duration d) {
    // Go's int(d.Seconds()) truncates toward zero; Duration.getSeconds() floors.
    long seconds = d.isNegative() && d.getNano() > 0 ? d.getSeconds() + 1 : d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 180) {
      return minutes + "m";
    }
    long hours = seconds / 3600;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = hours / 24 % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }
}
