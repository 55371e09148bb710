package io.drillbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.MarkdownEvidenceLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report files for a fixed, varied pair of logs are byte for byte what the report wrote before it was made
 * faster ({@code src/test/resources/report/golden/}). Run with {@code -Ddrillbook.writeGolden=true} to rewrite them
 * after an intended change of the output, and review the diff.
 */
class ReportOutputGoldenTest {

  private static final Path GOLDEN = Path.of("src/test/resources/report/golden");
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void wholeHistoryReportIsUnchangedByteForByte() throws Exception {
    assertSameAsGolden(Period.all(), "all");
  }

  @Test
  void periodReportIsUnchangedByteForByte() throws Exception {
    assertSameAsGolden(new Period(LocalDate.parse("2025-11-10"), LocalDate.parse("2026-02-20")), "period");
  }

  private void assertSameAsGolden(Period period, String name) throws Exception {
    List<Path> logs = VariedLogs.write(dir);
    ComplianceReport report = ComplianceReport.build(logs, ReportPolicy.defaults(), period, NOW);
    ReportWriter.ReportFiles files = ReportWriter.write(report, dir.resolve("out"));
    for (Path written : List.of(files.markdown(), files.html(), files.json())) {
      String ext = written.getFileName().toString().replaceAll(".*\\.", "");
      // The logs' temp folder appears in "file:line" cells; the golden files hold a fixed name instead.
      String actual = Files.readString(written, StandardCharsets.UTF_8).replace(dir.toString(), "LOGDIR");
      Path golden = GOLDEN.resolve(name + "." + ext);
      if (Boolean.getBoolean("drillbook.writeGolden")) {
        Files.createDirectories(GOLDEN);
        Files.writeString(golden, actual, StandardCharsets.UTF_8);
      }
      assertThat(actual).as(golden.toString()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
  }

  /**
   * Two logs that exercise every part of the report: three targets (two sharing a log), every verdict, recovery
   * times on rounding edges and missing, FAILs with and without follow-ups (one closed later), missing revisions
   * and images, markdown and non-ASCII text, a hand-written section, an edited entry, an unreadable one and one
   * dated after the report.
   */
  static final class VariedLogs {
    private static final long[] ROUNDING_EDGES = {50, 249, 250, 350, 2_350, 2_450, 14_763, 59_950, 60_000, 60_001};

    static List<Path> write(Path dir) throws IOException {
      Random random = new Random(7);
      Path shared = dir.resolve("shared.md");
      Path single = dir.resolve("single.md");
      MarkdownEvidenceLog a = new MarkdownEvidenceLog(shared);
      MarkdownEvidenceLog b = new MarkdownEvidenceLog(single);
      Instant start = Instant.parse("2025-10-06T02:50:01.123Z");
      for (int day = 0; day < 150; day++) {
        Instant at = start.plus(Duration.ofDays(day));
        if (day % 3 == 0) {
          a.append(record(day, "payments", "api", at, random));
        }
        if (day % 2 == 0 && (day < 40 || day > 60)) {
          a.append(record(day, "payments", "worker", at.plusSeconds(600), random));
        }
        if (day % 7 == 0 || day % 11 == 0) {
          b.append(record(day, "intelgraph-staging", "maestro-orchestrator", at.plusSeconds(1200), random));
        }
      }
      b.append(record(151, "intelgraph-staging", "maestro-orchestrator",
          Instant.parse("2026-03-01T06:00:00Z"), random));
      tamper(shared);
      deleteFifthEntry(single);
      return List.of(shared, single);
    }

    private static DrillRecord record(int day, String namespace, String deployment, Instant at, Random random) {
      Verdict[] verdicts = Verdict.values();
      int roll = random.nextInt(100);
      Verdict verdict = roll < 70 ? Verdict.PASS : roll < 85 ? Verdict.FAIL : verdicts[2 + roll % 4];
      Duration recovery = verdict == Verdict.FAIL || verdict == Verdict.INCONCLUSIVE && roll % 2 == 0 ? null
          : Duration.ofMillis(roll % 5 == 0 ? ROUNDING_EDGES[roll % ROUNDING_EDGES.length] * 3
              : 1_000 + random.nextInt(150_000));
      Map<String, String> facts;
      if (verdict == Verdict.FAIL && roll % 3 != 0) {
        facts = Map.of("followUpIssue", "https://github.com/example/" + deployment + "/issues/" + day);
      } else if (verdict == Verdict.PASS && roll % 9 == 0 && day > 3) {
        facts = new java.util.LinkedHashMap<>(Map.of("followUpIssue",
            "https://github.com/example/" + deployment + "/issues/" + (day - 3)));
        facts.put("followUpAction", "closed");
      } else {
        facts = Map.of();
      }
      String reason = roll % 10 == 0 ? "Zürich pod | *not* ready <in time> & 100 % of `checks` \u2713"
          : verdict == Verdict.PASS ? "Rolled back and healthy." : "Health checks failed after the rollback.";
      Long from = roll % 13 == 0 ? null : 3L + day;
      String toImage = roll % 17 == 0 ? null : "registry.example.com/" + deployment + ":1." + day;
      List<PhaseResult> phases = List.of(
          new PhaseResult("rollback", at, Duration.ofMillis(310), true, "Patched pod template."),
          new PhaseResult("rollout", at.plusMillis(310), recovery == null ? Duration.ofSeconds(90) : recovery,
              recovery != null, "rolled out"));
      List<CheckResult> checks = List.of(new CheckResult("health", verdict == Verdict.PASS,
          verdict == Verdict.PASS ? "200" : "503"));
      return new DrillRecord(new DrillRecord.Subject(deployment + "-" + day, deployment + "-rollback", "kubernetes", "staging", namespace, deployment, at),
          new DrillRecord.Judgement(verdict, reason, recovery, Duration.ofSeconds(roll % 4 == 0 ? 60 : 120)),
          new DrillRecord.Rollback(from, from == null ? null : from - 1, "registry.example.com/" + deployment + ":1." + (day + 1), toImage),
          new DrillRecord.Restore(true, "Re-applied the template."),
          new DrillRecord.Trail(phases, checks, facts));
    }

    /** The entry after it then links to a hash no longer in the log. */
    private static void deleteFifthEntry(Path log) throws IOException {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      int at = -1;
      for (int i = 0; i < 5; i++) {
        at = text.indexOf("\n## ", at + 1);
      }
      Files.writeString(log, text.substring(0, at) + text.substring(text.indexOf("\n## ", at + 1)),
          StandardCharsets.UTF_8);
    }

    /** A hand-written section, an edited entry and an unreadable one, as people and accidents leave them. */
    private static void tamper(Path log) throws IOException {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      int second = text.indexOf("\n## ", text.indexOf("\n## ") + 1);
      text = text.substring(0, second) + "\n\n## Notes from the on-call\n\nWe paused drills for the freeze.\n"
          + text.substring(second);
      text = text.replaceFirst("\\| Reason \\| Rolled back and healthy\\. \\|", "| Reason | Rolled back, healthy. |");
      int nth = 0;
      int at = -1;
      while (nth++ < 40) {
        at = text.indexOf("| Started | ", at + 1);
      }
      text = text.substring(0, at) + "| Started | yesterday |" + text.substring(text.indexOf('\n', at));
      Files.writeString(log, text, StandardCharsets.UTF_8);
    }
  }
}
