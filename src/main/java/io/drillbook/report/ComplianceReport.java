package io.drillbook.report;

import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.EvidenceEntry;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.evidence.LegacySection;
import io.drillbook.evidence.LogSection;
import io.drillbook.evidence.ChainVerifier;
import io.drillbook.evidence.MalformedSection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
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
 * @param unreadable sections that could not be read, with file and line; they are counted for no target
 */
public record ComplianceReport(
    Period period, ReportPolicy policy, List<TargetReport> targets, List<UnreadableSection> unreadable) {

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
   * An interval without a PASS longer than the cadence.
   *
   * @param from the last day with a PASS before the gap, or the period start
   * @param to the first day with a PASS after the gap, or the period end
   * @param days days from {@code from} to {@code to}
   */
  public record Gap(LocalDate from, LocalDate to, long days) {}

  /**
   * A run whose entry lacks evidence the policy requires.
   *
   * @param drillId the run's id
   * @param file the log holding the entry
   * @param line 1-based line of the entry's heading
   * @param missing what is missing, e.g. {@code fromRevision}, {@code followUpIssue}, {@code intact hash chain}
   */
  public record MissingEvidence(String drillId, String file, int line, List<String> missing) {
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
   * A section marked as a drillbook entry that could not be read.
   *
   * @param file the log
   * @param line 1-based line of the problem
   * @param message what is wrong
   */
  public record UnreadableSection(String file, int line, String message) {}

  /**
   * Everything the report says about one target.
   *
   * @param target {@code namespace/deployment}
   * @param compliance the standing
   * @param reasons why the standing is not COMPLIANT, one sentence each (empty when compliant)
   * @param from first day judged (period start, or the target's first run when open)
   * @param to last day judged (period end, or the last run in any log when open)
   * @param runs every run in the period, by start time
   * @param runsByVerdict run counts for every verdict
   * @param recoveryP50 median recovery in seconds over runs that recovered, null when none did
   * @param recoveryP95 95th percentile recovery (nearest rank), null when none recovered
   * @param measuredRuns runs counting towards objective attainment
   * @param overObjective measured runs over their objective
   * @param objectiveAttainment share of measured runs within objective, null when none was measured
   * @param gaps intervals without a PASS longer than the cadence
   * @param incompleteEvidence runs lacking required evidence
   * @param failsWithoutFollowUp FAILs without a {@code followUpIssue} fact
   * @param openFollowUps follow-up issues not closed in the period
   */
  public record TargetReport(
      String target,
      Compliance compliance,
      List<String> reasons,
      LocalDate from,
      LocalDate to,
      List<Run> runs,
      Map<Verdict, Integer> runsByVerdict,
      Double recoveryP50,
      Double recoveryP95,
      int measuredRuns,
      List<Run> overObjective,
      Double objectiveAttainment,
      List<Gap> gaps,
      List<MissingEvidence> incompleteEvidence,
      List<Run> failsWithoutFollowUp,
      List<FollowUp> openFollowUps) {

    public TargetReport {
      reasons = List.copyOf(reasons);
      runs = List.copyOf(runs);
      runsByVerdict = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(runsByVerdict));
      overObjective = List.copyOf(overObjective);
      gaps = List.copyOf(gaps);
      incompleteEvidence = List.copyOf(incompleteEvidence);
      failsWithoutFollowUp = List.copyOf(failsWithoutFollowUp);
      openFollowUps = List.copyOf(openFollowUps);
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
    Map<String, Aggregate> byTarget = new TreeMap<>();
    List<UnreadableSection> unreadable = new ArrayList<>();
    LocalDate latest = null;
    for (Path log : logs) {
      try (Stream<LogSection> sections = EvidenceLogReader.sections(log)) {
        Iterator<LogSection> it = sections.iterator();
        while (it.hasNext()) {
          LogSection s = it.next();
          if (s instanceof MalformedSection m) {
            unreadable.add(new UnreadableSection(m.file().toString(), m.line(), m.message()));
          } else if (s instanceof EvidenceEntry e) {
            DrillRecord r = e.record();
            if (latestBelievable != null && r.startedAt().isAfter(latestBelievable)) {
              unreadable.add(new UnreadableSection(log.toString(), e.line(), "entry " + r.drillId() + " is dated "
                  + r.startedAt() + ", in the future (report made at " + now + "); not counted"));
              continue;
            }
            if (!period.contains(r.startedAt())) {
              continue;
            }
            LocalDate day = LocalDate.ofInstant(r.startedAt(), ZoneOffset.UTC);
            latest = latest == null || day.isAfter(latest) ? day : latest;
            byTarget.computeIfAbsent(r.namespace() + "/" + r.deployment(), k -> new Aggregate())
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
    for (Map.Entry<String, Aggregate> t : byTarget.entrySet()) {
      targets.add(t.getValue().judge(t.getKey(), policy, period, end));
    }
    return new ComplianceReport(period, policy, targets, unreadable);
  }

  /** What is kept per target while streaming. */
  private static final class Aggregate {
    private final List<Run> runs = new ArrayList<>();
    private final List<MissingEvidence> missing = new ArrayList<>();
    private final List<Run> failsWithoutFollowUp = new ArrayList<>();
    private final Map<String, String> openFollowUps = new LinkedHashMap<>();

    void add(EvidenceEntry e, Path log, ReportPolicy policy) {
      DrillRecord r = e.record();
      Run run = new Run(r.drillId(), r.startedAt(), r.verdict(), r.recoverySeconds(), r.objectiveSeconds(),
          log.toString(), e.line());
      runs.add(run);
      List<String> lacks = new ArrayList<>();
      if (r.verdict() == Verdict.PASS || r.verdict() == Verdict.FAIL) {
        if (r.fromRevision() == null) {
          lacks.add("fromRevision");
        }
        if (r.toRevision() == null) {
          lacks.add("toRevision");
        }
        if (r.verdict() == Verdict.PASS && r.recovery() == null) {
          lacks.add("recovery time");
        }
        if (r.fromImage() == null || r.fromImage().isBlank()) {
          lacks.add("fromImage");
        }
        if (r.toImage() == null || r.toImage().isBlank()) {
          lacks.add("toImage");
        }
      }
      String issue = r.facts().get("followUpIssue");
      if (r.verdict() == Verdict.FAIL && (issue == null || issue.isBlank())) {
        if (policy.requireFollowUpForFail()) {
          lacks.add("followUpIssue");
        }
        failsWithoutFollowUp.add(run);
      }
      if (!e.intact()) {
        lacks.add(e.hashMatches() ? "hash chain link (entries before it changed)" : "intact entry hash (edited)");
      }
      if (!lacks.isEmpty()) {
        missing.add(new MissingEvidence(r.drillId(), log.toString(), e.line(), lacks));
      }
      if (issue != null && !issue.isBlank()) {
        if ("closed".equals(r.facts().get("followUpAction"))) {
          openFollowUps.remove(issue);
        } else if (r.verdict() == Verdict.FAIL) {
          openFollowUps.put(issue, r.drillId());
        }
      }
    }

    TargetReport judge(String target, ReportPolicy policy, Period period, LocalDate periodEnd) {
      runs.sort(Comparator.comparing(Run::startedAt));
      LocalDate from = period.since() != null ? period.since() : day(runs.get(0).startedAt());
      LocalDate to = periodEnd;
      Map<Verdict, Integer> byVerdict = new EnumMap<>(Verdict.class);
      for (Verdict v : Verdict.values()) {
        byVerdict.put(v, 0);
      }
      List<Double> recoveries = new ArrayList<>();
      List<LocalDate> passDays = new ArrayList<>();
      List<Run> over = new ArrayList<>();
      int measured = 0;
      for (Run run : runs) {
        byVerdict.merge(run.verdict(), 1, Integer::sum);
        if (run.recoverySeconds() != null) {
          recoveries.add(run.recoverySeconds());
        }
        if (run.verdict() == Verdict.PASS) {
          passDays.add(day(run.startedAt()));
        }
        if (run.measured()) {
          measured++;
          if (run.overObjective()) {
            over.add(run);
          }
        }
      }
      recoveries.sort(null);
      List<Gap> gaps = gaps(passDays, from, to, policy.cadenceDays());
      Double attainment = measured == 0 ? null : (measured - over.size()) / (double) measured;

      Compliance c = Compliance.COMPLIANT;
      List<String> reasons = new ArrayList<>();
      if (passDays.isEmpty()) {
        c = Compliance.NON_COMPLIANT;
        reasons.add("no PASS between " + from + " and " + to);
      } else {
        for (Gap g : gaps) {
          boolean severe = g.days() > policy.cadenceDays() + policy.cadenceGraceDays();
          c = c.worst(severe ? Compliance.NON_COMPLIANT : Compliance.AT_RISK);
          reasons.add("no PASS between " + g.from() + " and " + g.to() + " (" + g.days() + " days > "
              + policy.cadenceDays() + ")");
        }
      }
      if (attainment != null && !over.isEmpty()) {
        boolean below = attainment < policy.minObjectiveAttainment();
        c = c.worst(below ? Compliance.NON_COMPLIANT : Compliance.AT_RISK);
        reasons.add(over.size() + " of " + measured + " runs over the objective (" + percent(attainment)
            + (below ? " < " : " \u2265 ") + percent(policy.minObjectiveAttainment()) + ")");
      }
      if (policy.requireFollowUpForFail()) {
        for (Run f : failsWithoutFollowUp) {
          c = Compliance.NON_COMPLIANT.worst(c);
          reasons.add("FAIL " + f.drillId() + " on " + day(f.startedAt()) + " has no follow-up issue");
        }
      }
      List<MissingEvidence> otherMissing = missing.stream()
          .filter(m -> !(m.missing().size() == 1 && m.missing().get(0).equals("followUpIssue")))
          .toList();
      if (!otherMissing.isEmpty()) {
        c = c.worst(Compliance.AT_RISK);
        reasons.add(otherMissing.size() + " run" + (otherMissing.size() == 1 ? "" : "s")
            + " with incomplete evidence");
      }
      for (Map.Entry<String, String> f : openFollowUps.entrySet()) {
        c = c.worst(Compliance.AT_RISK);
        reasons.add("follow-up " + f.getKey() + " still open (FAIL " + f.getValue() + ")");
      }
      int missed = byVerdict.get(Verdict.MISSED);
      if (missed > 0) {
        c = c.worst(Compliance.AT_RISK);
        reasons.add(missed + " scheduled run" + (missed == 1 ? " was" : "s were") + " MISSED");
      }
      List<FollowUp> open = openFollowUps.entrySet().stream()
          .map(f -> new FollowUp(f.getKey(), f.getValue())).toList();
      return new TargetReport(target, c, reasons, from, to, runs, byVerdict, percentile(recoveries, 50),
          percentile(recoveries, 95), measured, over, attainment, gaps, missing, failsWithoutFollowUp, open);
    }
  }

  static List<Gap> gaps(List<LocalDate> passDays, LocalDate from, LocalDate to, int cadenceDays) {
    List<Gap> gaps = new ArrayList<>();
    if (passDays.isEmpty()) {
      long days = ChronoUnit.DAYS.between(from, to);
      if (days > cadenceDays) {
        gaps.add(new Gap(from, to, days));
      }
      return gaps;
    }
    LocalDate previous = from;
    for (LocalDate d : passDays) {
      long days = ChronoUnit.DAYS.between(previous, d);
      if (days > cadenceDays) {
        gaps.add(new Gap(previous, d, days));
      }
      previous = d;
    }
    long days = ChronoUnit.DAYS.between(previous, to);
    if (days > cadenceDays) {
      gaps.add(new Gap(previous, to, days));
    }
    return gaps;
  }

  static LocalDate day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  /** Share as whole percent, rounded down so a share just below a threshold never prints as equal to it. */
  static String percent(double share) {
    return (long) Math.floor(share * 100 + 1e-9) + " %";
  }

  private static Double percentile(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
