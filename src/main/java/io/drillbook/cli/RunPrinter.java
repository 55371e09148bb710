package io.drillbook.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillJson;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.DrillService.DrillRun;
import java.util.Locale;

/** Prints a finished drill: a summary in text mode, exactly one JSON object in JSON mode. */
final class RunPrinter {
  private RunPrinter() {}

  static void print(DrillRun run, OutputFormat format, Terminal terminal) {
    DrillRecord r = run.record();
    if (format == OutputFormat.json) {
      ObjectNode json = DrillJson.of(r, run.evidenceLocation());
      if (run.evidenceError() != null) {
        json.put("evidenceError", run.evidenceError());
        json.put("evidenceFallback", run.evidenceFallback());
      }
      if (run.followUpError() != null && !json.has("followUpError")) {
        json.put("followUpError", run.followUpError());
      }
      terminal.out().println(json.toString());
      terminal.out().flush();
    } else {
      var out = terminal.out();
      out.println();
      out.printf(Locale.ROOT, "%s  %s%n", r.verdict(), Text.printable(r.reason()));
      out.printf(Locale.ROOT, "  drill:     %s (%s, %s) on %s/%s%n", r.drill(), r.method(),
          Text.printable(r.environment()),
          r.namespace(), r.deployment());
      out.printf(Locale.ROOT, "  drill id:  %s%n", r.drillId());
      if (r.fromRevision() != null) {
        out.printf(Locale.ROOT, "  rollback:  revision %d (%s) -> revision %d (%s)%n", r.fromRevision(),
            Text.printable(r.fromImage()), r.toRevision(), Text.printable(r.toImage()));
      }
      out.printf(Locale.ROOT, "  recovery:  %s (objective %.3f s)%n",
          r.recoverySeconds() == null ? "not recovered" : String.format(Locale.ROOT, "%.3f s", r.recoverySeconds()),
          r.objectiveSeconds());
      for (CheckResult c : r.checks()) {
        out.printf(Locale.ROOT, "  check:     %-4s %s: %s%n", c.ok() ? "ok" : "FAIL", c.name(), Text.printable(c.detail()));
      }
      out.printf(Locale.ROOT, "  restored:  %s (%s)%n", r.restored() ? "yes" : "NO", Text.printable(r.restoreDetail()));
      r.facts().forEach((key, value) -> out.printf(Locale.ROOT, "  %-10s %s%n", key + ":", Text.printable(value)));
      out.printf(Locale.ROOT, "  evidence:  %s%n", run.evidenceLocation() != null ? run.evidenceLocation()
          : run.evidenceFallback() != null ? "NOT APPENDED; written to " + run.evidenceFallback() + " instead"
          : "NOT WRITTEN (the entry is on stderr)");
      out.flush();
    }
    if (run.followUpError() != null) {
      terminal.err().println("drillbook: warning: " + Text.printable(run.followUpError()));
    }
    if (run.evidenceError() != null) {
      terminal.err().println("drillbook: " + Text.printable(run.evidenceError()));
      if (run.unappendedEntry() != null) {
        // The entry itself, so it survives even when no file could be written.
        terminal.err().println("drillbook: the entry that was not appended:");
        terminal.err().print(run.unappendedEntry());
      }
    }
    terminal.err().flush();
  }
}
