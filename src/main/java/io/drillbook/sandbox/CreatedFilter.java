package io.drillbook.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.function.Predicate;

/**
 * GitHub's date qualifier syntax for {@code created}: {@code >=X}, {@code >X}, {@code <=X}, {@code <X},
 * {@code X..Y} (either side may be {@code *}) and plain {@code X}, where X is a date or a date-time.
 * A date stands for its whole UTC day, a date-time for its second.
 */
final class CreatedFilter {

  private record Span(Instant start, Instant end) {}

  private CreatedFilter() {}

  /**
   * @throws GitHubError 422 when the text is not in that syntax
   */
  static Predicate<Instant> parse(String text) {
    // Form decoding turns an unescaped '+' of a UTC offset into a space.
    String t = text.trim().replace(' ', '+');
    try {
      if (t.startsWith(">=")) {
        Instant from = span(t.substring(2)).start();
        return at -> !at.isBefore(from);
      }
      if (t.startsWith("<=")) {
        Instant to = span(t.substring(2)).end();
        return at -> at.isBefore(to);
      }
      if (t.startsWith(">")) {
        Instant from = span(t.substring(1)).end();
        return at -> !at.isBefore(from);
      }
      if (t.startsWith("<")) {
        Instant to = span(t.substring(1)).start();
        return at -> at.isBefore(to);
      }
      int range = t.indexOf("..");
      if (range >= 0) {
        String a = t.substring(0, range);
        String b = t.substring(range + 2);
        Instant from = a.equals("*") ? Instant.MIN : span(a).start();
        Instant to = b.equals("*") ? Instant.MAX : span(b).end();
        return at -> !at.isBefore(from) && at.isBefore(to);
      }
      Span span = span(t);
      return at -> !at.isBefore(span.start()) && at.isBefore(span.end());
    } catch (DateTimeParseException e) {
      throw new GitHubError(422, "Validation Failed: 'created' must be a date, date-time or range of them");
    }
  }

  private static Span span(String value) {
    if (value.length() == 10) {
      Instant day = LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
      return new Span(day, day.plusSeconds(86_400));
    }
    Instant instant;
    if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:?\\d\\d$")) {
      instant = OffsetDateTime.parse(value.matches(".*[+-]\\d{4}$")
          ? value.substring(0, value.length() - 2) + ":" + value.substring(value.length() - 2) : value).toInstant();
    } else {
      instant = LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    }
    return new Span(instant, instant.plusSeconds(1));
  }
}
