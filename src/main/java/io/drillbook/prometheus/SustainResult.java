package io.drillbook.prometheus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link SustainVerifier} found.
 *
 * @param outcome whether the thresholds held, did not, could not be judged, or the wait was aborted
 * @param reason one line on why the outcome is not {@link Outcome#SUSTAINED} (which check and why), else null
 * @param windowStart the first evaluation of the final all-clear window: when {@link #ok()}, the instant recovery
 *     ended; null when the last evaluation that could be judged breached (or none could)
 * @param windowEnd the last all-clear evaluation of that window, or null like {@code windowStart}
 * @param evaluations how many times all checks were evaluated, inconclusive evaluations included
 * @param checks per check, in the order given, the values of the final window (or, when none held, of the final
 *     run of breached evaluations)
 * @param breaches every breach seen, oldest first, one per check and evaluation
 */
public record SustainResult(Outcome outcome, String reason, Instant windowStart, Instant windowEnd,
    int evaluations, List<CheckStats> checks, List<Breach> breaches) {
  public SustainResult {
    Objects.requireNonNull(outcome, "'outcome' must not be null");
    checks = List.copyOf(checks);
    breaches = List.copyOf(breaches);
  }

  /** How a verification ended; only {@link #SUSTAINED} is a pass. */
  public enum Outcome {
    /** Every check held for the whole window. */
    SUSTAINED,
    /** The timeout passed before every check had held for the whole window. */
    NOT_SUSTAINED,
    /** Prometheus was unreachable, a query failed, or a check that requires data got none. */
    INCONCLUSIVE,
    /** The abort signal fired. */
    ABORTED
  }

  /** Whether every threshold held for the whole window. */
  public boolean ok() {
    return outcome == Outcome.SUSTAINED;
  }

  /** When recovery ended: the start of the window that held, if it did. */
  public Optional<Instant> recoveredAt() {
    return ok() ? Optional.of(windowStart) : Optional.empty();
  }

  /**
   * Values one check returned; each evaluation contributes its worst series (the highest for {@code >} and
   * {@code >=}, the lowest for {@code <} and {@code <=}). Null where no evaluation returned data.
   */
  public record CheckStats(String check, Double last, Double min, Double max) {
  }

  /** A check found breached at one evaluation, with the value and labels of its worst series. */
  public record Breach(Instant at, String check, double value, Map<String, String> labels) {
    public Breach {
      labels = Map.copyOf(labels);
    }
  }
}
