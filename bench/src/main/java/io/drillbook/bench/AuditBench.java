package io.drillbook.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Figure 3, audit and report scale: {@code drillbook audit verify} and {@code drillbook report} over generated logs
 * of 1k, 10k and 100k chained entries, each a separate process capped at {@code -Xmx256m} (the target), against
 * the naive whole-file parse. When the naive audit runs out of memory at 256 MB it is run again with a 4 GB cap to
 * show what it needs.
 */
final class AuditBench {
  private static final String CAP = "-Xmx256m";

  private AuditBench() {}

  static void run(Path jar, boolean quick, PrintStream out) throws Exception {
    ProcessMeasure.requireTime();
    Path dir = Files.createTempDirectory("drillbook-bench-audit-");
    String benchClasses = Path.of(AuditBench.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
    String cp = benchClasses + java.io.File.pathSeparator + jar;
    Table t = new Table("3. Audit and report scale: one log of N entries (50 services), separate JVM, " + CAP,
        "entries", "log size", "command", "wall s", "peak heap MB", "max RSS MB", "exit", "wall vs drillbook",
        "heap vs drillbook");
    try {
      for (int n : quick ? new int[] {1_000, 10_000} : new int[] {1_000, 10_000, 100_000}) {
        Path log = AuditLogs.generate(dir.resolve("drill-" + n + ".md"), n);
        String size = String.format("%.0f MB", Files.size(log) / 1e6);
        var verify = ProcessMeasure.java(List.of(CAP), List.of("-jar", jar.toString(), "audit", "verify",
            log.toString()), dir);
        row(t, n, size, "drillbook audit verify", verify, verify);
        var report = ProcessMeasure.java(List.of(CAP), List.of("-jar", jar.toString(), "report", log.toString(),
            "--out", dir.resolve("reports-" + n).toString()), dir);
        row(t, n, size, "drillbook report", report, report);
        var naive = ProcessMeasure.java(List.of(CAP), List.of("-cp", cp, "io.drillbook.bench.NaiveAudit",
            log.toString()), dir);
        if (naive.outOfMemory()) {
          t.row(n, size, "peer: naive full parse", "OutOfMemoryError at 256 MB", "", "", naive.exit(), "", "");
          naive = ProcessMeasure.java(List.of("-Xmx4g"), List.of("-cp", cp, "io.drillbook.bench.NaiveAudit",
              log.toString()), dir);
          row(t, n, size, "peer: naive full parse, -Xmx4g", naive, verify);
        } else {
          row(t, n, size, "peer: naive full parse", naive, verify);
        }
        Files.delete(log);
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    t.print(out);
    if (quick) {
      out.println("(--quick: 1k and 10k entries only; the full run adds 100k)");
    }
    out.println("(peak heap = the most heap in use before any collection or at exit, from -Xlog:gc; with a 256 MB cap"
        + " G1 lets the young generation fill before collecting, so this is an upper bound on what is needed)");
    out.println("targets at 100k: wall < 3 s and heap < 256 MB for audit verify and report (exit 0 = intact/compliant,"
        + " 1 = report found NON-COMPLIANT targets in the generated history, which is expected; a crash would be 2+)");
  }

  private static void row(Table t, int n, String size, String what, ProcessMeasure.Result r,
      ProcessMeasure.Result ours) {
    t.row(n, size, what, Stats.f(r.wallSeconds(), 2), Stats.f(r.peakHeapMb(), 0), Stats.f(r.rssMb(), 0),
        r.exit() + (r.outOfMemory() ? " (OOM)" : ""), Stats.ratio(r.wallSeconds(), ours.wallSeconds()),
        Stats.ratio(r.peakHeapMb(), ours.peakHeapMb()));
  }
}
