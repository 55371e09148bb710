package io.drillbook.report;

import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.ChainVerifier;
import io.drillbook.evidence.EvidenceEntry;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.evidence.LegacySection;
import io.drillbook.evidence.LogSection;
import io.drillbook.evidence.MalformedSection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Per-target compliance of drill evidence for one period, built by streaming evidence logs.
 *
 * @param period the dates covered
 * @param policy the rules applied
 * @param targets one report per {@code namespace/deployment}, sorted by name
 * @param unreadableTotal sections that could not be read; they are counted for no target
 * @param unreadable the first {@link #LIST_LIMIT} of them, with file and line
 */
public record ComplianceReport(Period period, ReportPolicy policy, List<TargetReport> targets, int unreadableTotal,
    List<UnreadableSection> unreadable) {

  /** How many runs a report lists by name per kind of problem; it still counts all of them. */
  public static final int LIST_LIMIT = 50;

  public ComplianceReport {
    Objects.requireNonNull(period, "'period' must not be null");
    Objects.requireNonNull(policy, "'policy' must not be null");
    targets = List.copyOf(targets);
    unreadable = List.copyOf(unreadable);
  }

  /** Worst standing over all targets; NON-COMPLIANT when there are unreadable sections or no targets. */
  public Compliance overall() {
    Compliance c = targets.isEmpty() || !unreadable.isEmpty() ? Compliance.NON_COMPLIANT : Compliance.COMPLIANT;
    for (TargetReport t : targets) {
      c = c.worst(t.compliance());
    }
    return c;
  }

  /**
   * One drill run as the report sees it.
   *
   * @param drillId the run's id
   * @param startedAt when it started
   * @param verdict how it ended
   * @param recoverySeconds recovery in seconds, null when recovery never completed
   * @param objectiveSeconds the objective it was judged against, in seconds
   * @param file the log holding the entry
   * @param line 1-based line of the entry's heading
   */
  public record Run(String drillId, Instant startedAt, Verdict verdict, Double recoverySeconds,
      double objectiveSeconds, String file, int line) {

    /** Whether the run counts towards objective attainment: it has a recovery time, or it is a FAIL. */
    public boolean measured() {
      return recoverySeconds != null || verdict == Verdict.FAIL;
    }

    /** A measured run that took longer than its objective or (a FAIL) never recovered. */
    public boolean overObjective() {
      return measured() && (recoverySeconds == null || recoverySeconds > objectiveSeconds);
    }
  }

  /**
   * An interval without a PASS longer than the cadence, once its frozen days are left out.
   *
   * @param from the last day with a PASS before the gap, or the period start
   * @param to the first day with a PASS after the gap, or the period end
   * @param days days from {@code from} to {@code to}
   * @param frozenDays whole days of it inside freeze windows, which the cadence does not count
   */
  public record Gap(LocalDate from, LocalDate to, long days, long frozenDays) {
    /** A gap with no frozen days. */
    public Gap(LocalDate from, LocalDate to, long days) {
      this(from, to, days, 0);
    }

    /** The days held against the cadence. */
    public long counted() {
      return days - frozenDays;
    }
  }

  /**
   * A freeze window that held the target's drills, as its FROZEN entries name it.
   *
   * @param name the freeze's name
   * @param from when it began, with the offset of its zone
   * @param until when it ended (exclusive)
   * @param fires how many FROZEN entries in the period name it
   */
  public record FrozenSpan(String name, OffsetDateTime from, OffsetDateTime until, int fires) {}

  /**
   * A run whose entry lacks evidence the policy requires.
   *
   * @param drillId the run's id
   * @param startedAt when it started
   * @param file the log holding the entry
   * @param line 1-based line of the entry's heading
   * @param missing what is missing, e.g. {@code fromRevision}, {@code followUpIssue}, {@code intact hash chain}
   */
  public record MissingEvidence(String drillId, Instant startedAt, String file, int line, List<String> missing) {
    public MissingEvidence {
      missing = List.copyOf(missing);
    }
  }

  /**
   * A follow-up issue opened for a FAIL and not closed by a later {@code followUpAction: closed} entry.
   *
   * @param issue the issue URL
   * @param drillId the FAIL that opened or last commented on it
   */
  public record FollowUp(String issue, String drillId) {}

  /**
   * A drill that ended with alerts still active for its target after the restore.
   *
   * @param alerts the entry's {@code alertsAfterRestore}: names, states, since and target labels
   */
  public record StillFiring(String drillId, Instant startedAt, Verdict verdict, String alerts, String file,
      int line) {}

  /**
   * A section marked as a drillbook entry that could not be read.
   *
   * @param file the log
   * @param line 1-based line of the problem
   * @param message what is wrong
   */
  public record UnreadableSection(String file, int line, String message) {}

  /**
   * Everything the report says about one target. Lists of runs hold the most recent {@link #LIST_LIMIT}; their
   * {@code ...Total} fields count all of them.
   *
   * @param target {@code namespace/deployment}
   * @param compliance the standing
   * @param reasons why the standing is not COMPLIANT, one sentence each (empty when compliant)
   * @param from first day judged (period start, or the target's first run when open)
   * @param to last day judged (period end, or the last run in any log when open)
   * @param runCount runs in the period
   * @param days one entry per day with runs, by date: what the charts and the calendar draw
   * @param runsByVerdict run counts for every verdict
   * @param recoveryP50 median recovery in seconds over runs that recovered, null when none did
   * @param recoveryP95 95th percentile recovery (nearest rank), null when none recovered
   * @param measuredRuns runs counting towards objective attainment
   * @param overObjectiveTotal measured runs over their objective
   * @param overObjective the most recent of them
   * @param objectiveAttainment share of measured runs within objective, null when none was measured
   * @param gaps intervals without a PASS longer than the cadence
   * @param incompleteEvidenceTotal runs lacking required evidence
   * @param incompleteEvidence the most recent of them
   * @param failsWithoutFollowUpTotal FAILs without a {@code followUpIssue} fact
   * @param failsWithoutFollowUp the most recent of them
   * @param openFollowUps follow-up issues not closed in the period
   * @param stillFiringTotal runs that ended with alerts still active for the target
   * @param stillFiring the most recent of them
   * @param frozen the freeze windows that held its drills (FROZEN entries), apart from MISSED fires
   */
  public record TargetReport(
      String target,
      Compliance compliance,
      List<String> reasons,
      LocalDate from,
      LocalDate to,
      int runCount,
      List<DayStats> days,
      Map<Verdict, Integer> runsByVerdict,
      Double recoveryP50,
      Double recoveryP95,
      int measuredRuns,
      int overObjectiveTotal,
      List<Run> overObjective,
      Double objectiveAttainment,
      List<Gap> gaps,
      int incompleteEvidenceTotal,
      List<MissingEvidence> incompleteEvidence,
      int failsWithoutFollowUpTotal,
      List<Run> failsWithoutFollowUp,
      List<FollowUp> openFollowUps,
      int stillFiringTotal,
      List<StillFiring> stillFiring,
      List<FrozenSpan> frozen) {

    public TargetReport {
      reasons = List.copyOf(reasons);
      days = List.copyOf(days);
      runsByVerdict = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(runsByVerdict));
      overObjective = List.copyOf(overObjective);
      gaps = List.copyOf(gaps);
      incompleteEvidence = List.copyOf(incompleteEvidence);
      failsWithoutFollowUp = List.copyOf(failsWithoutFollowUp);
      openFollowUps = List.copyOf(openFollowUps);
      stillFiring = List.copyOf(stillFiring);
      frozen = frozen == null ? List.of() : List.copyOf(frozen);
    }
  }

  /** Every {@code *.md} file directly in {@code dir} except {@code README.md}, sorted by name. */
  public static List<Path> logsIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".md"))
          .filter(p -> !p.getFileName().toString().equalsIgnoreCase("README.md"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    }
  }

  /**
   * Reads the logs one section at a time and judges every target found in them.
   *
   * @param logs evidence log files
   * @param policy the rules to apply
   * @param period the dates to cover; entries outside are ignored
   * @throws IOException if a log cannot be read
   */
  public static ComplianceReport build(Collection<Path> logs, ReportPolicy policy, Period period)
      throws IOException {
    return build(logs, policy, period, null);
  }

  /**
   * As {@link #build(Collection, ReportPolicy, Period)}; entries dated more than {@link ChainVerifier#CLOCK_SKEW}
   * after {@code now} are not counted but listed as unreadable: a drill that has not happened yet proves nothing.
   *
   * @param now the time of the report, or null to count every entry
   */
  public static ComplianceReport build(Collection<Path> logs, ReportPolicy policy, Period period, Instant now)
      throws IOException {
    Instant latestBelievable = now == null ? null : now.plus(ChainVerifier.CLOCK_SKEW);
    Map<String, TargetAggregate> byTarget = new TreeMap<>();
    List<UnreadableSection> unreadable = new ArrayList<>();
    int unreadableTotal = 0;
    LocalDate latest = null;
    for (Path log : logs) {
      try (Stream<LogSection> sections = EvidenceLogReader.sections(log)) {
        Iterator<LogSection> it = sections.iterator();
        while (it.hasNext()) {
          LogSection s = it.next();
          if (s instanceof MalformedSection m) {
            if (unreadableTotal++ < LIST_LIMIT) {
              unreadable.add(new UnreadableSection(m.file().toString(), m.line(), m.message()));
            }
          } else if (s instanceof EvidenceEntry e) {
            DrillRecord r = e.record();
            if (latestBelievable != null && r.startedAt().isAfter(latestBelievable)) {
              if (unreadableTotal++ < LIST_LIMIT) {
                unreadable.add(new UnreadableSection(log.toString(), e.line(), "entry " + r.drillId() + " is dated "
                    + r.startedAt() + ", in the future (report made at " + now + "); not counted"));
              }
              continue;
            }
            if (!period.contains(r.startedAt())) {
              continue;
            }
            LocalDate day = LocalDate.ofInstant(r.startedAt(), ZoneOffset.UTC);
            latest = latest == null || day.isAfter(latest) ? day : latest;
            byTarget.computeIfAbsent(r.namespace() + "/" + r.deployment(), k -> new TargetAggregate())
                .add(e, log, policy);
          } else if (s instanceof LegacySection) {
            continue; // hand-written, not drillbook evidence; audit verify reports these
          }
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    List<TargetReport> targets = new ArrayList<>();
    LocalDate end = period.until() != null ? period.until() : latest;
    for (Map.Entry<String, TargetAggregate> t : byTarget.entrySet()) {
      targets.add(t.getValue().judge(t.getKey(), policy, period, end));
    }
    return new ComplianceReport(period, policy, targets, unreadableTotal, unreadable);
  }

  static List<Gap> gaps(List<LocalDate> passDays, LocalDate from, LocalDate to, int cadenceDays) {
    return gaps(passDays, from, to, cadenceDays, List.of());
  }

  /** Intervals without a PASS longer than {@code cadenceDays} once the days inside {@code frozen} are left out. */
  static List<Gap> gaps(List<LocalDate> passDays, LocalDate from, LocalDate to, int cadenceDays,
      List<FrozenSpan> frozen) {
    List<Gap> gaps = new ArrayList<>();
    LocalDate previous = from;
    for (LocalDate d : passDays) {
      gap(previous, d, cadenceDays, frozen, gaps);
      previous = d;
    }
    gap(previous, to, cadenceDays, frozen, gaps);
    return gaps;
  }

  private static void gap(LocalDate from, LocalDate to, int cadenceDays, List<FrozenSpan> frozen, List<Gap> gaps) {
    long days = ChronoUnit.DAYS.between(from, to);
    if (days <= cadenceDays) {
      return;
    }
    Gap gap = new Gap(from, to, days, FrozenSpans.frozenDays(frozen, from, to));
    if (gap.counted() > cadenceDays) {
      gaps.add(gap);
    }
  }

  static LocalDate day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  /** Share as whole percent, rounded down so a share just below a threshold never prints as equal to it. */
  static String percent(double share) {
    return (long) Math.floor(share * 100 + 1e-9) + " %";
  }
}
