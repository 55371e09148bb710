package io.drillbook.report;

import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.MarkdownEvidenceLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes realistic evidence logs for report tests through the real evidence writer. */
final class DrillLogs {

  static final String DRILL = "maestro-staging-rollback";
  static final LocalDate FIRST_MONDAY = LocalDate.parse("2026-07-06");
  static final Duration OBJECTIVE = Duration.ofMinutes(5);

  private DrillLogs() {}

  /**
   * A weekly drill over {@code weeks} weeks starting {@link #FIRST_MONDAY} at 02:50 UTC: PASS recovering in
   * about 30 s, except weeks in {@code skip} (no run) and weeks in {@code slow} (PASS in 420 s, over the 5 m
   * objective).
   */
  static Path weekly(Path file, int weeks, Set<Integer> skip, Set<Integer> slow) throws IOException {
    MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
    for (int w = 0; w < weeks; w++) {
      if (skip.contains(w)) {
        continue;
      }
      Instant started = at(FIRST_MONDAY.plusWeeks(w));
      Duration recovery = slow.contains(w) ? Duration.ofSeconds(420) : Duration.ofMillis(29_000 + 250L * w);
      log.append(record(started, Verdict.PASS, recovery, "intelgraph-staging", "maestro-orchestrator"));
    }
    return file;
  }

  static Instant at(LocalDate day) {
    return day.atTime(2, 50, 1).toInstant(ZoneOffset.UTC);
  }

  static DrillRecord record(Instant started, Verdict verdict, Duration recovery, String namespace,
      String deployment) {
    String id = DRILL + "-" + started.toString().replaceAll("[-:.TZ]", "") + "-" + verdict.name().toLowerCase();
    boolean ok = verdict == Verdict.PASS;
    return new DrillRecord(new DrillRecord.Subject(id, DRILL, "kubernetes", "staging", namespace, deployment, started), new DrillRecord.Judgement(verdict, ok ? "Rolled back to revision 2 and healthy." : "Health checks failed after the rollback.", recovery, OBJECTIVE), new DrillRecord.Rollback(3L, 2L, "registry.example.com/maestro/orchestrator:1.4.2", "registry.example.com/maestro/orchestrator:1.4.1"), new DrillRecord.Restore(true, "Re-applied the revision 3 template."), new DrillRecord.Trail(List.of(new PhaseResult("rollback", started, Duration.ofMillis(310), true, "Patched pod template.")), List.of(new CheckResult("health", ok, ok ? "200" : "503")), Map.of()));
  }
}
