package io.drillbook.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.drill.Verdict;
import io.drillbook.report.Compliance;
import io.drillbook.report.ComplianceReport;
import io.drillbook.report.ComplianceReport.TargetReport;
import io.drillbook.report.MarkdownReport;
import io.drillbook.report.Period;
import io.drillbook.report.ReportPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A log written by the release of 2026-12-04 ({@code src/test/resources/compat/evidence-format-1/README.md})
 * still verifies and reports as that release did: logs already on disk must survive changes to the code that reads
 * them.
 */
class ReleaseLogCompatibilityTest {

  private static final Path LOG = Path.of("src/test/resources/compat/evidence-format-1/sandbox-rollback.md");
  private static final Instant LATER = Instant.parse("2026-12-05T00:00:00Z");

  @Test
  void releaseLogVerifiesIntactWithAllSixEntries() throws Exception {
    ChainVerifier.Result result = ChainVerifier.verify(LOG, LATER);

    assertThat(result.problems()).isEmpty();
    assertThat(result.intact()).isTrue();
    assertThat(result.entries()).isEqualTo(6);
    assertThat(result.legacyLines()).isEmpty();
  }

  @Test
  void releaseLogReadsBackEveryEntryWithItsVerdictAndMethod() throws Exception {
    List<EvidenceEntry> entries = EvidenceLogReader.readAll(LOG);

    assertThat(entries).allMatch(EvidenceEntry::intact);
    assertThat(entries).extracting(e -> e.record().verdict()).containsExactly(
        Verdict.PASS, Verdict.FAIL, Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.FAIL);
    assertThat(entries).extracting(e -> e.record().method()).containsExactly(
        "kubernetes", "kubernetes", "github-actions", "kubernetes", "github-actions", "github-actions");
    assertThat(entries).extracting(e -> e.record().drillId()).containsExactly(
        "sandbox-rollback-20261204T173407Z-3123", "sandbox-rollback-20261204T173420Z-8e55",
        "sandbox-github-rollback-20261204T173432Z-d7c5", "sandbox-rollback-20261204T173449Z-a37a",
        "sandbox-github-rollback-20261204T173506Z-fbc4", "sandbox-github-rollback-20261204T173529Z-44e2");
    assertThat(entries).extracting(e -> e.record().recoverySeconds())
        .containsExactly(4.224, null, 5.474, 4.305, 5.919, null);
    assertThat(entries.get(4).record().checks()).extracting(c -> c.detail())
        .contains("5.919 s <= objective 60.000 s");
  }

  @Test
  void releaseLogReportsItsTargetNonCompliantWithTheReleasesCounts() throws Exception {
    ComplianceReport report = ComplianceReport.build(List.of(LOG), ReportPolicy.defaults(), Period.all(), LATER);

    assertThat(report.unreadableTotal()).isZero();
    assertThat(report.overall()).isEqualTo(Compliance.NON_COMPLIANT);
    assertThat(report.targets()).hasSize(1);
    TargetReport t = report.targets().get(0);
    assertThat(t.target()).isEqualTo("intelgraph-staging/maestro-orchestrator");
    assertThat(t.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
    assertThat(t.runCount()).isEqualTo(6);
    assertThat(t.runsByVerdict()).containsEntry(Verdict.PASS, 4).containsEntry(Verdict.FAIL, 2)
        .containsEntry(Verdict.MISSED, 0).containsEntry(Verdict.SKIPPED, 0);
    assertThat(t.measuredRuns()).isEqualTo(6);
    assertThat(t.overObjectiveTotal()).isEqualTo(2);
    assertThat(t.objectiveAttainment()).isEqualTo(4 / 6.0);
    assertThat(t.recoveryP50()).as("3 significant digits").isEqualTo(4.31);
    assertThat(t.recoveryP95()).isEqualTo(5.92);
    assertThat(t.gaps()).isEmpty();
    assertThat(t.incompleteEvidenceTotal()).isZero();
    assertThat(t.failsWithoutFollowUpTotal()).isZero();
    assertThat(t.openFollowUps()).extracting(ComplianceReport.FollowUp::drillId).containsExactly(
        "sandbox-rollback-20261204T173420Z-8e55", "sandbox-github-rollback-20261204T173529Z-44e2");
    assertThat(t.reasons()).hasSize(3).first().isEqualTo("2 of 6 runs over the objective (66 % < 90 %)");
  }

  @Test
  void releaseLogsMarkdownReportIsTheOneThatReleaseWrote() throws Exception {
    ComplianceReport report = ComplianceReport.build(List.of(LOG), ReportPolicy.defaults(), Period.all(), LATER);

    // The summary table has gained a FROZEN column since (freeze windows); everything else is as that release wrote.
    assertThat(withoutFrozenColumn(MarkdownReport.render(report)))
        .isEqualTo(Files.readString(LOG.resolveSibling("report-by-that-release.md"), StandardCharsets.UTF_8));
  }

  /** The report with the summary table's FROZEN column (its eighth) taken out. */
  private static String withoutFrozenColumn(String report) {
    StringBuilder sb = new StringBuilder();
    boolean inSummary = false;
    for (String line : report.split("\n", -1)) {
      inSummary = line.startsWith("| Target | Verdict |") || (inSummary && line.startsWith("|"));
      if (inSummary) {
        List<String> cells = new java.util.ArrayList<>(List.of(line.split(" \\| ", 10)));
        assertThat(cells.get(7)).isIn("FROZEN", "---:", "0");
        cells.remove(7);
        line = String.join(" | ", cells);
      }
      sb.append(line).append('\n');
    }
    return sb.substring(0, sb.length() - 1);
  }
}
