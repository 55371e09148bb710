package io.drillbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.drill.Verdict;
import io.drillbook.evidence.MarkdownEvidenceLog;
import io.drillbook.report.ComplianceReport.TargetReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComplianceReportTest {

  static final Period TWELVE_WEEKS = new Period(LocalDate.parse("2026-07-06"), LocalDate.parse("2026-09-27"));

  @TempDir Path dir;

  @Test
  void threeWeekGapAndTwoSlowRunsAreNonCompliantWithBothReasons() throws Exception {
    Path log = DrillLogs.weekly(dir.resolve("maestro.md"), 12, Set.of(5, 6), Set.of(2, 9));

    ComplianceReport report = ComplianceReport.build(List.of(log), ReportPolicy.defaults(), TWELVE_WEEKS);

    assertThat(report.unreadable()).isEmpty();
    TargetReport t = only(report);
    assertThat(t.target()).isEqualTo("intelgraph-staging/maestro-orchestrator");
    assertThat(t.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
    assertThat(t.reasons()).containsExactly(
        "no PASS between 2026-08-03 and 2026-08-24 (21 days > 7)",
        "2 of 10 runs over the objective (80 % < 90 %)");
    assertThat(t.gaps()).containsExactly(
        new ComplianceReport.Gap(LocalDate.parse("2026-08-03"), LocalDate.parse("2026-08-24"), 21));
    assertThat(t.overObjective()).extracting(ComplianceReport.Run::recoverySeconds).containsExactly(420.0, 420.0);
    assertThat(t.runsByVerdict()).containsEntry(Verdict.PASS, 10);
    assertThat(t.recoveryP50()).isBetween(29.0, 32.0);
    assertThat(t.recoveryP95()).isEqualTo(420.0);
    assertThat(report.overall()).isEqualTo(Compliance.NON_COMPLIANT);
  }

  @Test
  void longLogsNameOnlyTheLatestProblemRunsButCountThemAll() throws Exception {
    Path file = dir.resolve("flaky.md");
    MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
    java.time.Instant first = DrillLogs.at(LocalDate.parse("2026-07-06"));
    for (int i = 0; i < 120; i++) {
      log.append(DrillLogs.record(first.plus(Duration.ofHours(i)), Verdict.FAIL, null, "payments", "api"));
    }

    TargetReport t = only(ComplianceReport.build(List.of(file), ReportPolicy.defaults(), Period.all()));

    assertThat(t.runCount()).isEqualTo(120);
    assertThat(t.days()).hasSize(6).allSatisfy(d -> assertThat(d.worst()).isEqualTo(Verdict.FAIL));
    assertThat(t.days()).extracting(DayStats::runs).containsExactly(22, 24, 24, 24, 24, 2);
    assertThat(t.failsWithoutFollowUpTotal()).isEqualTo(120);
    assertThat(t.failsWithoutFollowUp()).hasSize(ComplianceReport.LIST_LIMIT)
        .isSortedAccordingTo(java.util.Comparator.comparing(ComplianceReport.Run::startedAt))
        .last().extracting(ComplianceReport.Run::startedAt).isEqualTo(first.plus(Duration.ofHours(119)));
    assertThat(t.overObjectiveTotal()).isEqualTo(120);
    assertThat(t.overObjective()).hasSize(ComplianceReport.LIST_LIMIT);
    assertThat(t.incompleteEvidenceTotal()).isEqualTo(120);
    assertThat(t.incompleteEvidence()).hasSize(ComplianceReport.LIST_LIMIT);
    assertThat(t.reasons()).contains("120 of 120 runs over the objective (0 % < 90 %)",
        "70 earlier FAILs have no follow-up issue");
    assertThat(t.reasons()).filteredOn(r -> r.startsWith("FAIL ")).hasSize(ComplianceReport.LIST_LIMIT);
    assertThat(MarkdownReport.render(new ComplianceReport(Period.all(), ReportPolicy.defaults(), List.of(t), 0,
        List.of()))).contains("**Runs over the objective** (the latest 50 of 120)");
  }

  @Test
  void openFollowUpsBeyondTheListLimitAreCountedInOneReason() throws Exception {
    Path file = dir.resolve("flaky.md");
    MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
    java.time.Instant first = DrillLogs.at(LocalDate.parse("2026-07-06"));
    for (int i = 0; i < 60; i++) {
      log.append(DrillLogs.record(first.plus(Duration.ofHours(i)), Verdict.FAIL, null, "payments", "api")
          .withFact("followUpIssue", "https://github.com/acme/payments/issues/" + (100 + i)));
    }

    TargetReport t = only(ComplianceReport.build(List.of(file), ReportPolicy.defaults(), Period.all()));

    assertThat(t.openFollowUps()).hasSize(60);
    assertThat(t.reasons()).filteredOn(r -> r.startsWith("follow-up ")).hasSize(ComplianceReport.LIST_LIMIT)
        .first().asString().startsWith("follow-up https://github.com/acme/payments/issues/110 still open");
    assertThat(t.reasons()).contains("10 earlier follow-ups still open");
  }

  @Test
  void cleanTwelveWeeksAreCompliant() throws Exception {
    Path log = DrillLogs.weekly(dir.resolve("maestro.md"), 12, Set.of(), Set.of());

    ComplianceReport report = ComplianceReport.build(List.of(log), ReportPolicy.defaults(), TWELVE_WEEKS);

    TargetReport t = only(report);
    assertThat(t.compliance()).isEqualTo(Compliance.COMPLIANT);
    assertThat(t.reasons()).isEmpty();
    assertThat(t.gaps()).isEmpty();
    assertThat(t.objectiveAttainment()).isEqualTo(1.0);
    assertThat(t.incompleteEvidence()).isEmpty();
    assertThat(report.overall()).isEqualTo(Compliance.COMPLIANT);
  }

  @Test
  void shortGapWithinGraceIsAtRisk() throws Exception {
    Path log = dir.resolve("maestro.md");
    MarkdownEvidenceLog w = new MarkdownEvidenceLog(log);
    for (LocalDate d : List.of(LocalDate.parse("2026-07-06"), LocalDate.parse("2026-07-13"),
        LocalDate.parse("2026-07-22"), LocalDate.parse("2026-07-29"))) {
      w.append(DrillLogs.record(DrillLogs.at(d), Verdict.PASS, Duration.ofSeconds(30), "ns", "app"));
    }

    TargetReport t = only(ComplianceReport.build(List.of(log), ReportPolicy.defaults(),
        new Period(LocalDate.parse("2026-07-06"), LocalDate.parse("2026-07-31"))));

    assertThat(t.compliance()).isEqualTo(Compliance.AT_RISK);
    assertThat(t.reasons()).containsExactly("no PASS between 2026-07-13 and 2026-07-22 (9 days > 7)");
  }

  @Test
  void failWithoutFollowUpIsNamedInCompletenessAndMakesTheTargetNonCompliant() throws Exception {
    Path log = DrillLogs.weekly(dir.resolve("maestro.md"), 4, Set.of(), Set.of());
    var fail = DrillLogs.record(DrillLogs.at(LocalDate.parse("2026-07-30")), Verdict.FAIL, null,
        "intelgraph-staging", "maestro-orchestrator");
    new MarkdownEvidenceLog(log).append(fail);

    TargetReport t = only(ComplianceReport.build(List.of(log), ReportPolicy.defaults(),
        new Period(LocalDate.parse("2026-07-06"), LocalDate.parse("2026-08-02"))));

    assertThat(t.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
    assertThat(t.failsWithoutFollowUp()).extracting(ComplianceReport.Run::drillId).containsExactly(fail.drillId());
    assertThat(t.incompleteEvidence()).singleElement().satisfies(m -> {
      assertThat(m.drillId()).isEqualTo(fail.drillId());
      assertThat(m.missing()).containsExactly("followUpIssue");
      assertThat(m.line()).isPositive();
    });
    assertThat(t.reasons()).contains("FAIL " + fail.drillId() + " on 2026-07-30 has no follow-up issue");
  }

  @Test
  void followUpOpenedByFailStaysOpenUntilClosed() throws Exception {
    Path log = DrillLogs.weekly(dir.resolve("maestro.md"), 2, Set.of(), Set.of());
    String issue = "https://github.com/acme/maestro/issues/7";
    new MarkdownEvidenceLog(log).append(DrillLogs.record(DrillLogs.at(LocalDate.parse("2026-07-15")), Verdict.FAIL,
        null, "intelgraph-staging", "maestro-orchestrator").withFact("followUpIssue", issue)
        .withFact("followUpAction", "opened"));
    Period period = new Period(LocalDate.parse("2026-07-06"), LocalDate.parse("2026-07-19"));

    TargetReport open = only(ComplianceReport.build(List.of(log), ReportPolicy.defaults(), period));
    assertThat(open.openFollowUps()).extracting(ComplianceReport.FollowUp::issue).containsExactly(issue);
    assertThat(open.failsWithoutFollowUp()).isEmpty();

    new MarkdownEvidenceLog(log).append(DrillLogs.record(DrillLogs.at(LocalDate.parse("2026-07-17")), Verdict.PASS,
        Duration.ofSeconds(31), "intelgraph-staging", "maestro-orchestrator").withFact("followUpIssue", issue)
        .withFact("followUpAction", "closed"));
    TargetReport closed = only(ComplianceReport.build(List.of(log), ReportPolicy.defaults(), period));
    assertThat(closed.openFollowUps()).isEmpty();
  }

  @Test
  void drillsThatEndedWithAlertsStillActiveAreListedButNotCheckedOrNoneAreNot() throws Exception {
    Path log = DrillLogs.weekly(dir.resolve("maestro.md"), 2, Set.of(), Set.of());
    String firing = "OrchestratorErrors (firing since 2026-07-15T03:00:02Z, namespace=intelgraph-staging)";
    new MarkdownEvidenceLog(log).append(DrillLogs.record(DrillLogs.at(LocalDate.parse("2026-07-15")), Verdict.PASS,
        Duration.ofSeconds(31), "intelgraph-staging", "maestro-orchestrator").withFact("alertsAfterRestore", firing));
    new MarkdownEvidenceLog(log).append(DrillLogs.record(DrillLogs.at(LocalDate.parse("2026-07-16")), Verdict.PASS,
        Duration.ofSeconds(31), "intelgraph-staging", "maestro-orchestrator").withFact("alertsAfterRestore", "none"));
    new MarkdownEvidenceLog(log).append(DrillLogs.record(DrillLogs.at(LocalDate.parse("2026-07-17")), Verdict.PASS,
        Duration.ofSeconds(31), "intelgraph-staging", "maestro-orchestrator")
        .withFact("alertsAfterRestore", "not checked (no Prometheus configured)"));
    Period period = new Period(LocalDate.parse("2026-07-06"), LocalDate.parse("2026-07-19"));

    ComplianceReport report = ComplianceReport.build(List.of(log), ReportPolicy.defaults(), period);
    TargetReport t = only(report);
    assertThat(t.stillFiringTotal()).isEqualTo(1);
    assertThat(t.stillFiring()).singleElement().satisfies(f -> {
      assertThat(f.alerts()).isEqualTo(firing);
      assertThat(f.startedAt().toString()).startsWith("2026-07-15");
    });
    assertThat(MarkdownReport.render(report)).contains("**Ended with alerts still active**")
        .contains("| PASS | " + firing + " |");
  }

  @Test
  void periodFilterKeepsOnlyRunsOnCoveredDaysAndJudgesGapsToItsBounds() throws Exception {
    Path log = DrillLogs.weekly(dir.resolve("maestro.md"), 12, Set.of(), Set.of());
    // Weeks 4..7 are 2026-08-03, 08-10, 08-17, 08-24; the period runs to 09-06, 13 days after the last PASS.
    Period period = new Period(LocalDate.parse("2026-08-03"), LocalDate.parse("2026-08-24"));

    TargetReport t = only(ComplianceReport.build(List.of(log), ReportPolicy.defaults(), period));
    assertThat(t.runCount()).isEqualTo(4);
    assertThat(t.compliance()).isEqualTo(Compliance.COMPLIANT);

    TargetReport late = only(ComplianceReport.build(List.of(log), ReportPolicy.defaults(),
        new Period(LocalDate.parse("2026-09-15"), LocalDate.parse("2026-10-10"))));
    assertThat(late.days()).extracting(d -> d.date().toString()).containsExactly("2026-09-21");
    assertThat(late.reasons()).containsExactly(
        "no PASS between 2026-09-21 and 2026-10-10 (19 days > 7)");
    assertThat(late.compliance()).isEqualTo(Compliance.NON_COMPLIANT);

    ComplianceReport none = ComplianceReport.build(List.of(log), ReportPolicy.defaults(),
        new Period(LocalDate.parse("2027-01-01"), LocalDate.parse("2027-01-31")));
    assertThat(none.targets()).isEmpty();
    assertThat(none.overall()).isEqualTo(Compliance.NON_COMPLIANT);
  }

  @Test
  void unreadableSectionsAreReportedWithFileAndLine() throws Exception {
    Path log = DrillLogs.weekly(dir.resolve("maestro.md"), 2, Set.of(), Set.of());
    Files.writeString(log, "## 2026-07-20T02:50:01.000Z \u00b7 broken \u00b7 PASS\n<!-- drillbook:entry v1 -->\n\n"
        + "| Field | Value |\n| --- | --- |\n| Drill id | x |\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    ComplianceReport report = ComplianceReport.build(List.of(log), ReportPolicy.defaults(), Period.all());

    assertThat(report.unreadable()).singleElement().satisfies(u -> {
      assertThat(u.file()).isEqualTo(log.toString());
      assertThat(u.line()).isPositive();
      assertThat(u.message()).isNotBlank();
    });
    assertThat(only(report).runCount()).isEqualTo(2);
    assertThat(report.overall()).isEqualTo(Compliance.NON_COMPLIANT);
    assertThat(MarkdownReport.render(report)).contains("Unreadable evidence").contains(log + ":" + report.unreadable().get(0).line());
  }

  @Test
  void targetsAreSeparatedByNamespaceAndDeployment() throws Exception {
    Path a = DrillLogs.weekly(dir.resolve("a.md"), 12, Set.of(), Set.of());
    Path b = dir.resolve("b.md");
    new MarkdownEvidenceLog(b).append(DrillLogs.record(DrillLogs.at(LocalDate.parse("2026-07-07")), Verdict.PASS,
        Duration.ofSeconds(20), "payments", "api"));

    ComplianceReport report = ComplianceReport.build(ComplianceReport.logsIn(dir), ReportPolicy.defaults(),
        TWELVE_WEEKS);

    assertThat(report.targets()).extracting(TargetReport::target)
        .containsExactly("intelgraph-staging/maestro-orchestrator", "payments/api");
    assertThat(report.targets().get(1).compliance()).isEqualTo(Compliance.NON_COMPLIANT);
    assertThat(a).exists();
  }

  private static TargetReport only(ComplianceReport report) {
    assertThat(report.targets()).hasSize(1);
    return report.targets().get(0);
  }
}
