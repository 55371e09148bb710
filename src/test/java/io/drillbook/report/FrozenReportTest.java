package io.drillbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.MarkdownEvidenceLog;
import io.drillbook.report.ComplianceReport.TargetReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrozenReportTest {
  @TempDir Path dir;

  /** Weekly PASSes with weeks 5 and 6 (2026-08-10 and 08-17) held by a freeze instead. */
  private ComplianceReport report(String from, String until) throws Exception {
    Path log = DrillLogs.weekly(dir.resolve("maestro.md"), 12, Set.of(5, 6), Set.of());
    MarkdownEvidenceLog evidence = new MarkdownEvidenceLog(log);
    for (int week : List.of(5, 6)) {
      DrillRecord frozen = DrillLogs.record(DrillLogs.at(DrillLogs.FIRST_MONDAY.plusWeeks(week)), Verdict.FROZEN,
          null, "intelgraph-staging", "maestro-orchestrator");
      evidence.append(frozen.withFact("freeze", "summer").withFact("freezeFrom", from)
          .withFact("freezeUntil", until));
    }
    return ComplianceReport.build(List.of(log), ReportPolicy.defaults(), ComplianceReportTest.TWELVE_WEEKS);
  }

  @Test
  void frozenDaysAreNotHeldAgainstTheCadenceAndFrozenFiresAreNotMissed() throws Exception {
    ComplianceReport report = report("2026-08-08T00:00+02:00", "2026-08-23T00:00+02:00");
    TargetReport t = report.targets().get(0);
    assertThat(t.gaps()).as("21 days without a PASS, 15 of them frozen").isEmpty();
    assertThat(t.compliance()).isEqualTo(Compliance.COMPLIANT);
    assertThat(t.runsByVerdict()).containsEntry(Verdict.FROZEN, 2).containsEntry(Verdict.MISSED, 0);
    assertThat(t.frozen()).containsExactly(new ComplianceReport.FrozenSpan("summer",
        OffsetDateTime.parse("2026-08-08T00:00+02:00"), OffsetDateTime.parse("2026-08-23T00:00+02:00"), 2));
    assertThat(MarkdownReport.render(report))
        .contains("| Target | Verdict | Runs | PASS | FAIL | MISSED | SKIPPED | FROZEN |")
        .contains("| intelgraph-staging/maestro-orchestrator | **COMPLIANT** | 12 | 10 | 0 | 0 | 0 | 2 |")
        .contains("**Frozen** (not run, not counted against the cadence)")
        .contains("| summer | 2026-08-08T00:00+02:00 | 2026-08-23T00:00+02:00 | 2 |");
    assertThat(HtmlReport.render(report)).contains("<th>FROZEN</th>").contains("<h3>Frozen</h3>");
    assertThat(JsonReport.render(report)).contains("\"FROZEN\" : 2").contains("\"name\" : \"summer\"");
  }

  @Test
  void aGapLongerThanItsFreezeStillCountsTheUnfrozenDays() throws Exception {
    ComplianceReport report = report("2026-08-10T00:00Z", "2026-08-13T00:00Z");
    TargetReport t = report.targets().get(0);
    assertThat(t.gaps()).containsExactly(new ComplianceReport.Gap(LocalDate.parse("2026-08-03"),
        LocalDate.parse("2026-08-24"), 21, 3));
    assertThat(t.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
    assertThat(t.reasons()).containsExactly("no PASS between 2026-08-03 and 2026-08-24 (21 days, 3 of them frozen: "
        + "18 > 7)");
  }
}
