package io.drillbook.bench;

import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.EvidenceText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes an evidence log of {@code n} real chained entries with drillbook's own writer ({@link EvidenceText}): 50
 * services drilled daily in turn, so 100k entries span about five and a half years. Mostly PASS; some FAIL with a
 * follow-up issue, some INCONCLUSIVE, a few slow.
 */
final class AuditLogs {
  static final int SERVICES = 50;

  private AuditLogs() {}

  static Path generate(Path file, int n) throws IOException {
    Random random = new Random(42);
    Instant start = Instant.parse("2021-01-04T03:00:00Z");
    String previous = "";
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        DrillRecord record = record(i, start.plus(Duration.ofMinutes(i / SERVICES * 1440L + i % SERVICES)), random);
        // Only the previous append is passed as the log so far: the writer needs just its last chain line.
        String text = EvidenceText.toAppend(previous, record, file.toString());
        out.write(text);
        previous = text;
      }
    }
    return file;
  }

  private static DrillRecord record(int i, Instant at, Random random) {
    String service = String.format("svc-%02d", i % SERVICES);
    int roll = random.nextInt(100);
    Verdict verdict = roll < 90 ? Verdict.PASS : roll < 97 ? Verdict.FAIL : Verdict.INCONCLUSIVE;
    Duration recovery = Duration.ofMillis(2000 + random.nextInt(roll < 5 ? 90_000 : 20_000));
    Duration objective = Duration.ofSeconds(60);
    String from = "registry.example.com/" + service + ":1.4." + (2 + i / SERVICES % 50);
    String to = "registry.example.com/" + service + ":1.4." + (1 + i / SERVICES % 50);
    List<PhaseResult> phases = new ArrayList<>();
    Instant t = at;
    for (String phase : new String[] {"preflight", "rollback", "rollout", "health", "restore"}) {
      Duration d = Duration.ofMillis(phase.equals("rollout") ? recovery.toMillis() - 300 : 50 + random.nextInt(400));
      phases.add(new PhaseResult(phase, t, d, verdict != Verdict.FAIL || !phase.equals("health"), phase + " done"));
      t = t.plus(d);
    }
    List<CheckResult> checks = List.of(
        new CheckResult("rollout-complete", true, "deployment \"" + service + "\" successfully rolled out"),
        new CheckResult("rolled-back-image", true, "expected " + to + ", running " + to),
        new CheckResult("health", verdict != Verdict.FAIL, "GET /health answered " + (verdict == Verdict.FAIL ? 503 : 200)),
        new CheckResult("recovery-objective", recovery.compareTo(objective) <= 0, "recovery against 60.000 s"),
        new CheckResult("restored", true, "back on " + from));
    Map<String, String> facts = verdict == Verdict.FAIL
        ? Map.of("followUpIssue", "https://github.com/example/" + service + "/issues/" + (i + 1)) : Map.of();
    String reason = verdict == Verdict.PASS ? "recovered in " + recovery.toMillis() / 1000.0 + " s"
        : verdict == Verdict.FAIL ? "health check did not answer 200" : "cluster error: connection refused";
    return new DrillRecord(new DrillRecord.Subject(service + "-" + i, service + "-rollback", "kubernetes", "staging", "staging", service, at),
        new DrillRecord.Judgement(verdict, reason, verdict == Verdict.INCONCLUSIVE ? null : recovery, objective),
        new DrillRecord.Rollback(2L + i / SERVICES, 1L + i / SERVICES, from, to),
        new DrillRecord.Restore(true, "back on " + from),
        new DrillRecord.Trail(phases, checks, facts));
  }

  public static void main(String[] args) throws IOException {
    generate(Path.of(args[0]), Integer.parseInt(args[1]));
  }
}
