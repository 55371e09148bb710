package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.MarkdownEvidenceLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
  @TempDir Path dir;

  private static DrillRecord weekly(Instant at) {
    return new DrillRecord(new DrillRecord.Subject("orchestrator-weekly-" + at.getEpochSecond(), "orchestrator-weekly", "kubernetes", "staging", "intelgraph-staging", "maestro-orchestrator", at), new DrillRecord.Judgement(Verdict.PASS, "recovered in 31.000 s", Duration.ofSeconds(31), Duration.ofMinutes(5)), new DrillRecord.Rollback(7L, 6L, "registry.example.com/orchestrator:2.4.0", "registry.example.com/orchestrator:2.3.9"), new DrillRecord.Restore(true, "back on 2.4.0"), new DrillRecord.Trail(List.of(new PhaseResult("rollout", at, Duration.ofSeconds(29), true, "rolled out")), List.of(new CheckResult("recovery-objective", true, "31.000 s <= objective 300.000 s")), Map.of()));
  }

  @Test
  void threeWeekGapIsNonCompliantWithItsDatesAndAllThreeFilesAreWritten() throws Exception {
    Path log = dir.resolve("drills/orchestrator-weekly.md");
    MarkdownEvidenceLog evidence = new MarkdownEvidenceLog(log);
    Instant monday = Instant.parse("2026-06-01T04:00:00Z");
    for (int week = 0; week < 12; week++) {
      if (week >= 4 && week < 7) {
        continue; // no drill in weeks 5 to 7
      }
      evidence.append(weekly(monday.plus(Duration.ofDays(7L * week))));
    }
    CliRun run = CliRun.of("report", log.toString(), "--out", dir.resolve("reports").toString(), "--since",
        "2026-06-01", "--until", "2026-08-23");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).contains("NON-COMPLIANT  intelgraph-staging/maestro-orchestrator")
        .contains("no PASS between 2026-06-22 and 2026-07-20 (28 days > 7)");
    for (String ext : List.of("md", "html", "json")) {
      assertThat(dir.resolve("reports/drill-compliance-2026-06-01_2026-08-23." + ext)).isNotEmptyFile();
    }
    assertThat(Files.readString(dir.resolve("reports/drill-compliance-2026-06-01_2026-08-23.html")))
        .contains("<svg").doesNotContain("<script");
  }

  @Test
  void badDateIsBadUsage() {
    CliRun run = CliRun.of("report", dir.toString(), "--since", "June");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--since 'June' is not a date");
  }
}
