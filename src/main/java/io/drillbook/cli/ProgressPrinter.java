package io.drillbook.cli;

import io.drillbook.app.DrillWatcher;
import io.drillbook.config.DrillConfig;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.Recovery;
import io.drillbook.time.Timing;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Prints what pre-drill recovery found, a header as the drill starts, then a line as each phase starts and ends with
 * the elapsed time since the drill began.
 */
final class ProgressPrinter implements DrillWatcher {
  private final PrintWriter out;
  private final Timing timing;
  private volatile long startNanos;

  ProgressPrinter(PrintWriter out, Timing timing) {
    this.out = out;
    this.timing = timing;
    this.startNanos = timing.nanos();
  }

  @Override
  public void recovered(List<Recovery.Found> found) {
    RecoveryReport.printLines(found, out);
  }

  @Override
  public void starting(DrillConfig drill) {
    out.printf(Locale.ROOT, "drill %s: %s rollback of %s (%s), objective %.0f s, evidence %s%n", drill.name(),
        drill.method().configName(), drill.target().qualifiedName(), Text.printable(drill.environment()),
        drill.objective().toMillis() / 1000.0, drill.evidenceLog());
    out.flush();
    startNanos = timing.nanos();
  }

  @Override
  public void phaseStarted(String phase, String what) {
    out.printf(Locale.ROOT, "[%8.2fs] %-10s ...  %s%n", elapsed(), phase, Text.printable(what));
    out.flush();
  }

  @Override
  public void phaseFinished(PhaseResult r) {
    out.printf(Locale.ROOT, "[%8.2fs] %-10s %-4s %s (%.3f s)%n", elapsed(), r.name(), r.ok() ? "ok" : "FAIL",
        Text.printable(r.detail()), r.seconds());
    out.flush();
  }

  private double elapsed() {
    return (timing.nanos() - startNanos) / 1e9;
  }
}
