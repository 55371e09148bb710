package io.drillbook.report;

import io.drillbook.drill.Verdict;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a report keeps of one target's runs on one UTC day: enough for the charts and the calendar, independent of
 * how many runs the day had.
 *
 * @param date the UTC day
 * @param runs runs that started that day
 * @param verdicts run counts by verdict, verdicts without runs left out
 * @param recovered runs with a recovery time
 * @param minRecoverySeconds shortest recovery that day, null when none recovered
 * @param maxRecoverySeconds longest recovery that day, null when none recovered
 * @param overObjective measured runs over their objective
 * @param objectiveSeconds the largest objective a run that day was judged against
 */
public record DayStats(LocalDate date, int runs, Map<Verdict, Integer> verdicts, int recovered,
    Double minRecoverySeconds, Double maxRecoverySeconds, int overObjective, double objectiveSeconds) {

  /** Verdicts from most to least alarming, for a day's single mark on the timeline. */
  private static final Verdict[] SEVERITY = {Verdict.FAIL, Verdict.ABORTED, Verdict.MISSED, Verdict.INCONCLUSIVE,
      Verdict.SKIPPED, Verdict.FROZEN, Verdict.PASS};

  public DayStats {
    // EnumMap's copy constructor refuses an empty map that is not an EnumMap.
    verdicts = Collections.unmodifiableMap(verdicts.isEmpty() ? new EnumMap<>(Verdict.class) : new EnumMap<>(verdicts));
  }

  int count(Verdict v) {
    return verdicts.getOrDefault(v, 0);
  }

  /** The most alarming verdict of the day. */
  public Verdict worst() {
    for (Verdict v : SEVERITY) {
      if (count(v) > 0) {
        return v;
      }
    }
    return Verdict.PASS;
  }

  /** The day as the cadence calendar colours it: a PASS day counts as kept, whatever else happened. */
  public Verdict cadence() {
    return count(Verdict.PASS) > 0 ? Verdict.PASS : worst();
  }

  /** Mutable tally while streaming. */
  static final class Builder {
    private final LocalDate date;
    private final int[] verdicts = new int[Verdict.values().length];
    private int runs;
    private int recovered;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private int over;
    private double objective;

    Builder(LocalDate date) {
      this.date = date;
    }

    void add(ComplianceReport.Run run) {
      runs++;
      verdicts[run.verdict().ordinal()]++;
      if (run.recoverySeconds() != null) {
        recovered++;
        min = Math.min(min, run.recoverySeconds());
        max = Math.max(max, run.recoverySeconds());
      }
      if (run.overObjective()) {
        over++;
      }
      objective = Math.max(objective, run.objectiveSeconds());
    }

    LocalDate date() {
      return date;
    }

    boolean hasPass() {
      return verdicts[Verdict.PASS.ordinal()] > 0;
    }

    DayStats build() {
      Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
      for (Verdict v : Verdict.values()) {
        if (verdicts[v.ordinal()] > 0) {
          counts.put(v, verdicts[v.ordinal()]);
        }
      }
      return new DayStats(date, runs, counts, recovered, recovered == 0 ? null : min, recovered == 0 ? null : max,
          over, objective);
    }
  }
}
