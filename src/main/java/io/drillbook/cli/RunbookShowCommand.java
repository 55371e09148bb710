package io.drillbook.cli;

import io.drillbook.app.Drillbook;
import io.drillbook.runbook.Problem;
import io.drillbook.runbook.RollbackPathSpec;
import io.drillbook.runbook.Runbook;
import io.drillbook.runbook.RunbookJson;
import io.drillbook.runbook.Threshold;
import io.drillbook.runbook.Verification;
import io.drillbook.runbook.Workload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code drillbook runbook show RUNBOOK}: prints what drillbook extracts, each item with its line. */
@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Print the thresholds, workloads, verification rules, rollback paths and evidence path drillbook "
        + "reads from a runbook, each with its line.", "Exit 0 when read (problems are listed), 2 when the runbook "
        + "cannot be used."})
final class RunbookShowCommand implements Callable<Integer> {
  private final Drillbook drillbook;
  private final Terminal terminal;

  @Parameters(index = "0", paramLabel = "RUNBOOK", description = "The runbook (markdown).")
  Path runbook;

  @Mixin
  OutputOption output;

  RunbookShowCommand(Drillbook drillbook, Terminal terminal) {
    this.drillbook = drillbook;
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    Runbook parsed = drillbook.audits().readRunbook(runbook);
    PrintWriter out = terminal.out();
    if (output.format == OutputFormat.json) {
      out.println(RunbookJson.of(parsed));
    } else {
      print(parsed, out);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void print(Runbook r, PrintWriter out) {
    out.printf(Locale.ROOT, "runbook %s (sha256 %s)%n", r.source(), r.sha256());
    out.println("thresholds:");
    for (Threshold t : r.thresholds()) {
      out.printf(Locale.ROOT, "  line %-4d %-28s %s %s %s%s%s%n", t.line(), Text.printable(t.alert()),
          Text.printable(t.metric()), t.comparator(), trim(t.value()), t.unit(),
          t.qualifier() == null ? "" : " " + t.qualifier());
      out.printf(Locale.ROOT, "            query: %s%n", t.query() == null ? "(none in the runbook)"
          : Text.printable(t.query()));
    }
    out.println("workloads:");
    for (Workload w : r.workloads()) {
      out.printf(Locale.ROOT, "  line %-4d %s %s/%s%n", w.line(), w.kind(), w.namespace(), w.name());
    }
    Verification v = r.verification();
    out.println("verification:");
    out.printf(Locale.ROOT, "  health:  %s expecting %s%n", v.healthUrl() == null ? "(none)"
        : Text.printable(v.healthUrl()), v.expectStatus() == null ? "(no status)" : v.expectStatus());
    out.printf(Locale.ROOT, "  sustain: %s%n", v.sustainSeconds() == null ? "(none)" : v.sustainSeconds() + " s");
    out.printf(Locale.ROOT, "  logs:    %s%n", v.logWindowSeconds() == null ? "(no log rule)"
        : "no repeating stack traces in the last " + v.logWindowSeconds() + " s");
    out.println("rollback paths:");
    for (RollbackPathSpec p : r.rollbackPaths()) {
      out.printf(Locale.ROOT, "  line %-4d %-15s %s%n", p.line(), p.kind().id(), Text.printable(p.parameters().toString()));
    }
    out.printf(Locale.ROOT, "evidence: %s%n", r.evidencePath() == null ? "(none named)" : Text.printable(r.evidencePath()));
    if (!r.problems().isEmpty()) {
      out.println("not understood (not guessed):");
      for (Problem p : r.problems()) {
        out.printf(Locale.ROOT, "  line %-4d %s%n", p.line(), Text.printable(p.message()));
      }
    }
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
