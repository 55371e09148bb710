package io.drillbook.alertmanager;

import java.time.Instant;
import java.util.List;

/**
 * A silence as Alertmanager holds it.
 *
 * @param id its id
 * @param matchers what it silences
 * @param startsAt when it starts (Alertmanager moves a past start to the time it was created)
 * @param endsAt when it lapses
 * @param state {@code pending}, {@code active} or {@code expired}
 */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String state) {
  public Silence {
    matchers = List.copyOf(matchers);
  }

  /**
   * One matcher of a silence.
   *
   * @param isRegex whether {@code value} is a regular expression (anchored, as Alertmanager matches it)
   * @param isEqual false for {@code !=} and {@code !~}
   */
  public record Matcher(String name, String value, boolean isRegex, boolean isEqual) {
    public static Matcher equal(String name, String value) {
      return new Matcher(name, value, false, true);
    }

    @Override
    public String toString() {
      return name + (isEqual ? (isRegex ? "=~" : "=") : (isRegex ? "!~" : "!=")) + "\"" + value + "\"";
    }
  }
}
