package io.drillbook.report;

import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.Fact;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.EvidenceEntry;
import io.drillbook.report.ComplianceReport.FollowUp;
import io.drillbook.report.ComplianceReport.Gap;
import io.drillbook.report.ComplianceReport.MissingEvidence;
import io.drillbook.report.ComplianceReport.Run;
import io.drillbook.report.ComplianceReport.StillFiring;
import io.drillbook.report.ComplianceReport.TargetReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report keeps of one target while streaming its entries: day buckets, a recovery histogram, counters and
 * the latest few problem runs. Its size depends on the days covered, never on the number of entries.
 */
final class TargetAggregate {
  // Hashed while streaming and sorted once when judged: a tree rebalanced on every new day cost more than the rest.
  private final Map<LocalDate, DayStats.Builder> days = new HashMap<>();
  private final RecoveryHistogram recoveries = new RecoveryHistogram();
  private final int[] byVerdict = new int[Verdict.values().length];
  private final LatestRuns<Run> over = new LatestRuns<>(ComplianceReport.LIST_LIMIT, Run::startedAt);
  private final LatestRuns<Run> failsWithoutFollowUp = new LatestRuns<>(ComplianceReport.LIST_LIMIT, Run::startedAt);
  private final LatestRuns<MissingEvidence> missing =
      new LatestRuns<>(ComplianceReport.LIST_LIMIT, MissingEvidence::startedAt);
  private final Map<String, String> openFollowUps = new LinkedHashMap<>();
  private final LatestRuns<StillFiring> stillFiring = new LatestRuns<>(ComplianceReport.LIST_LIMIT,
      StillFiring::startedAt);
  private final FrozenSpans frozen = new FrozenSpans();
  private int runs;
  private int measured;
  private int missingBeyondFollowUp;

  void add(EvidenceEntry e, Path log, ReportPolicy policy) {
    DrillRecord r = e.record();
    Run run = new Run(r.drillId(), r.startedAt(), r.verdict(), r.recoverySeconds(), r.objectiveSeconds(),
        log.toString(), e.line());
    runs++;
    byVerdict[r.verdict().ordinal()]++;
    if (r.verdict() == Verdict.FROZEN) {
      frozen.add(r);
    }
    days.computeIfAbsent(ComplianceReport.day(r.startedAt()), DayStats.Builder::new).add(run);
    if (run.recoverySeconds() != null) {
      recoveries.add(run.recoverySeconds());
    }
    if (run.measured()) {
      measured++;
      if (run.overObjective()) {
        over.add(run);
      }
    }
    String after = Fact.ALERTS_AFTER_RESTORE.in(r.facts()).orElse("none");
    if (!after.equals("none") && !after.startsWith("not checked")) {
      stillFiring.add(new StillFiring(r.drillId(), r.startedAt(), r.verdict(), after, log.toString(), e.line()));
    }
    List<String> lacks = lacks(r);
    String issue = Fact.FOLLOW_UP_ISSUE.in(r.facts()).map(java.net.URI::toString).orElse(null);
    boolean hasIssue = issue != null && !issue.isBlank();
    if (r.verdict() == Verdict.FAIL && !hasIssue) {
      if (policy.requireFollowUpForFail()) {
        lacks.add("followUpIssue");
      }
      failsWithoutFollowUp.add(run);
    }
    if (!e.intact()) {
      lacks.add(e.hashMatches() ? "hash chain link (entries before it changed)" : "intact entry hash (edited)");
    }
    if (!lacks.isEmpty()) {
      missing.add(new MissingEvidence(r.drillId(), r.startedAt(), log.toString(), e.line(), lacks));
      if (!(lacks.size() == 1 && lacks.get(0).equals("followUpIssue"))) {
        missingBeyondFollowUp++;
      }
    }
    if (hasIssue) {
      if (Fact.FOLLOW_UP_ACTION.in(r.facts()).orElse(null) == Fact.FollowUpAction.CLOSED) {
        openFollowUps.remove(issue);
      } else if (r.verdict() == Verdict.FAIL) {
        openFollowUps.put(issue, r.drillId());
      }
    }
  }

  private static List<String> lacks(DrillRecord r) {
    List<String> lacks = new ArrayList<>();
    if (r.verdict() != Verdict.PASS && r.verdict() != Verdict.FAIL) {
      return lacks;
    }
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
    return lacks;
  }

  TargetReport judge(String target, ReportPolicy policy, Period period, LocalDate periodEnd) {
    List<DayStats.Builder> byDate = new ArrayList<>(days.values());
    byDate.sort(Comparator.comparing(DayStats.Builder::date));
    LocalDate from = period.since() != null ? period.since() : byDate.get(0).date();
    LocalDate to = periodEnd;
    Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
    for (Verdict v : Verdict.values()) {
      verdicts.put(v, byVerdict[v.ordinal()]);
    }
    List<LocalDate> passDays = byDate.stream().filter(DayStats.Builder::hasPass)
        .map(DayStats.Builder::date).toList();
    List<ComplianceReport.FrozenSpan> frozenSpans = frozen.list();
    List<Gap> gaps = ComplianceReport.gaps(passDays, from, to, policy.cadenceDays(), frozenSpans);
    Double attainment = measured == 0 ? null : (measured - over.total()) / (double) measured;

    Compliance c = Compliance.COMPLIANT;
    List<String> reasons = new ArrayList<>();
    if (passDays.isEmpty() && !gaps.isEmpty()) {
      c = Compliance.NON_COMPLIANT;
      reasons.add("no PASS between " + from + " and " + to);
    } else if (!passDays.isEmpty()) {
      for (Gap g : gaps) {
        boolean severe = g.counted() > policy.cadenceDays() + policy.cadenceGraceDays();
        c = c.worst(severe ? Compliance.NON_COMPLIANT : Compliance.AT_RISK);
        reasons.add("no PASS between " + g.from() + " and " + g.to() + " (" + g.days() + " days"
            + (g.frozenDays() > 0 ? ", " + g.frozenDays() + " of them frozen: " + g.counted() : "") + " > "
            + policy.cadenceDays() + ")");
      }
    }
    if (attainment != null && over.total() > 0) {
      boolean below = attainment < policy.minObjectiveAttainment();
      c = c.worst(below ? Compliance.NON_COMPLIANT : Compliance.AT_RISK);
      reasons.add(over.total() + " of " + measured + " runs over the objective (" + ComplianceReport.percent(attainment)
          + (below ? " < " : " \u2265 ") + ComplianceReport.percent(policy.minObjectiveAttainment()) + ")");
    }
    if (policy.requireFollowUpForFail() && failsWithoutFollowUp.total() > 0) {
      c = Compliance.NON_COMPLIANT;
      List<Run> named = failsWithoutFollowUp.list();
      for (Run f : named) {
        reasons.add("FAIL " + f.drillId() + " on " + ComplianceReport.day(f.startedAt()) + " has no follow-up issue");
      }
      int unnamed = failsWithoutFollowUp.total() - named.size();
      if (unnamed > 0) {
        reasons.add(unnamed + " earlier FAIL" + (unnamed == 1 ? " has" : "s have") + " no follow-up issue");
      }
    }
    if (missingBeyondFollowUp > 0) {
      c = c.worst(Compliance.AT_RISK);
      reasons.add(missingBeyondFollowUp + " run" + (missingBeyondFollowUp == 1 ? "" : "s")
          + " with incomplete evidence");
    }
    if (!openFollowUps.isEmpty()) {
      c = c.worst(Compliance.AT_RISK);
      int unnamed = Math.max(0, openFollowUps.size() - ComplianceReport.LIST_LIMIT);
      openFollowUps.entrySet().stream().skip(unnamed)
          .forEach(f -> reasons.add("follow-up " + f.getKey() + " still open (FAIL " + f.getValue() + ")"));
      if (unnamed > 0) {
        reasons.add(unnamed + " earlier follow-ups still open");
      }
    }
    int missed = verdicts.get(Verdict.MISSED);
    if (missed > 0) {
      c = c.worst(Compliance.AT_RISK);
      reasons.add(missed + " scheduled run" + (missed == 1 ? " was" : "s were") + " MISSED");
    }
    List<FollowUp> open = openFollowUps.entrySet().stream()
        .map(f -> new FollowUp(f.getKey(), f.getValue())).toList();
    List<DayStats> dayStats = byDate.stream().map(DayStats.Builder::build).toList();
    return new TargetReport(target, c, reasons, from, to, runs, dayStats, verdicts, recoveries.percentile(50),
        recoveries.percentile(95), measured, over.total(), over.list(), attainment, gaps, missing.total(),
        missing.list(), failsWithoutFollowUp.total(), failsWithoutFollowUp.list(), open, stillFiring.total(),
        stillFiring.list(), frozenSpans);
  }
}
