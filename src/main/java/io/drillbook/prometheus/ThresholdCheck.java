package io.drillbook.prometheus;

import java.util.Objects;

/**
 * One runbook threshold: the check is breached when the query's value {@code comparator} {@code limit}, e.g. an
 * error ratio {@code > 0.10}. When the query returns several series, any one of them breaching breaches the check.
 *
 * @param name how reports name the check
 * @param promql the expression, already scoped to the drilled target (see {@link PromQl#scope})
 * @param comparator how a value is compared with {@code limit} to tell a breach
 * @param limit the threshold
 * @param requireData whether an empty result (or only NaN values) makes the verification inconclusive rather than
 *     counting as holding
 */
public record ThresholdCheck(String name, String promql, Comparator comparator, double limit, boolean requireData) {
  public ThresholdCheck {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(promql, "'promql' must not be null");
    Objects.requireNonNull(comparator, "'comparator' must not be null");
    if (name.isBlank() || promql.isBlank()) {
      throw new IllegalArgumentException("a threshold check needs a name and a query");
    }
    if (Double.isNaN(limit)) {
      throw new IllegalArgumentException("threshold '" + name + "' has no limit (NaN)");
    }
  }

  /** Whether {@code value} breaches this threshold; NaN never does (it is treated as no data). */
  public boolean breachedBy(double value) {
    return comparator.holds(value, limit);
  }

  /** How a value is compared with the limit; the comparison being true means breached. */
  public enum Comparator {
    GREATER(">"), GREATER_OR_EQUAL(">="), LESS("<"), LESS_OR_EQUAL("<=");

    private final String symbol;

    Comparator(String symbol) {
      this.symbol = symbol;
    }

    /** The comparator written as {@code >}, {@code >=}, {@code <} or {@code <=}. */
    public static Comparator of(String symbol) {
      for (Comparator comparator : values()) {
        if (comparator.symbol.equals(symbol.strip())) {
          return comparator;
        }
      }
      throw new IllegalArgumentException("comparator must be one of >, >=, <, <=: '" + symbol + "'");
    }

    public String symbol() {
      return symbol;
    }

    boolean holds(double value, double limit) {
      return switch (this) {
        case GREATER -> value > limit;
        case GREATER_OR_EQUAL -> value >= limit;
        case LESS -> value < limit;
        case LESS_OR_EQUAL -> value <= limit;
      };
    }

    /** Whether {@code a} is closer to breaching than {@code b}. */
    boolean worse(double a, double b) {
      return this == GREATER || this == GREATER_OR_EQUAL ? a > b : a < b;
    }
  }

  @Override
  public String toString() {
    return name + ": breached when " + promql + " " + comparator.symbol() + " " + limit;
  }
}
