package io.drillbook.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written instant, seconds and integer readers agree with the java.time and regex forms they replace. */
class ValuesTest {

  private static final DateTimeFormatter INSTANT =
      new DateTimeFormatterBuilder().appendInstant(3).toFormatter(Locale.ROOT);

  @Test
  void instantsAreWrittenAsTheIsoFormatterWritesThem() {
    for (Instant t : instants()) {
      assertThat(Values.instant(t)).as("%s", t).isEqualTo(INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS)));
    }
  }

  @Test
  void instantsAreReadAsInstantParseReadsThemWithTheSameErrors() {
    List<String> texts = new ArrayList<>();
    instants().forEach(t -> texts.add(Values.instant(t)));
    Random random = new Random(3);
    String edits = "0123456789-:.TZz+ \u0661\uff11";
    for (String text : List.copyOf(texts)) {
      StringBuilder sb = new StringBuilder(text);
      int at = random.nextInt(sb.length());
      sb.setCharAt(at, edits.charAt(random.nextInt(edits.length())));
      texts.add(sb.toString());
    }
    texts.addAll(List.of("2026-02-29T00:00:00.000Z", "2024-02-29T00:00:00.000Z", "2026-04-31T00:00:00.000Z",
        "2026-11-29T24:00:00.000Z", "2026-11-29T23:59:60.000Z", "2026-13-01T00:00:00.000Z", "0000-00-01T00:00:00.000Z",
        "2026-11-29T02:50:01Z", "2026-11-29T02:50:01.1234Z", "2026-11-29 02:50:01.123Z", "", "x"));
    for (String text : texts) {
      assertThat(outcome(() -> Values.parseInstant(text))).as("'%s'", text).isEqualTo(outcome(() -> referenceInstant(text)));
    }
  }

  @Test
  void secondsAndIntegersAreReadAsTheirPatternsReadThem() {
    List<String> texts = new ArrayList<>(List.of("0.000", "-0.000", "1.5", "12.345", "-12.345", "999999999999999.999",
        "-999999999999999.999", "1000000000000000.000", ".123", "-.123", "1.2345", "1,234", "\u0661.123", "+1.000",
        "1.000 ", "", "-", "0", "-0", "42", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "99999999999999999999", "+1", "\uff11", "1e3", " 1"));
    Random random = new Random(5);
    for (int i = 0; i < 2000; i++) {
      texts.add(BigDecimal.valueOf(random.nextLong() % 1_000_000_000_000_000_000L, 3).toPlainString());
      texts.add(Long.toString(random.nextLong()));
    }
    for (String text : texts) {
      assertThat(outcome(() -> Values.parseSeconds(text))).as("'%s'", text).isEqualTo(outcome(() -> referenceSeconds(text)));
      assertThat(outcome(() -> Values.parseLong(text))).as("'%s'", text).isEqualTo(outcome(() -> referenceLong(text)));
    }
  }

  private static List<Instant> instants() {
    List<Instant> out = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
        Instant.parse("0000-01-01T00:00:00Z").minusMillis(1), Instant.parse("9999-12-31T23:59:59.999Z"),
        Instant.parse("9999-12-31T23:59:59.999Z").plusMillis(1), Instant.parse("2024-02-29T12:00:00.000999999Z"),
        Instant.MIN, Instant.MAX, Instant.ofEpochMilli(-1)));
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      out.add(Instant.ofEpochSecond(random.nextLong() % 400_000_000_000L, random.nextInt(1_000_000_000)));
    }
    return out;
  }

  /** The parse before the hand-written fast path, kept as the reference. */
  private static Instant referenceInstant(String text) {
    Instant parsed;
    try {
      parsed = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an ISO-8601 UTC instant: '" + text + "'");
    }
    if (!INSTANT.format(parsed.truncatedTo(ChronoUnit.MILLIS)).equals(text)) {
      throw new IllegalArgumentException(
          "not an ISO-8601 UTC instant with milliseconds (yyyy-MM-ddTHH:mm:ss.SSSZ): '" + text + "'");
    }
    return parsed;
  }

  private static Duration referenceSeconds(String text) {
    if (!Pattern.matches("-?\\d{1,15}\\.\\d{3}", text)) {
      throw new IllegalArgumentException("not a number of seconds with 3 decimals: '" + text + "'");
    }
    return Duration.ofMillis(new BigDecimal(text).movePointRight(3).longValueExact());
  }

  private static Long referenceLong(String text) {
    if (!Pattern.matches("-?\\d{1,19}", text)) {
      throw new IllegalArgumentException("not an integer: '" + text + "'");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("integer out of range: '" + text + "'");
    }
  }

  private static Object outcome(java.util.function.Supplier<Object> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
