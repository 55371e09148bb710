package io.drillbook.cli;

import io.drillbook.drill.DrillListener;
import io.drillbook.drill.PhaseResult;
import io.drillbook.time.Timing;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a line as each phase starts and ends, with the elapsed time since the drill began. */
final class ProgressPrinter implements DrillListener {
  private final PrintWriter out;
  private final Timing timing;
  private final long startNanos;

  ProgressPrinter(PrintWriter out, Timing timing) {
    this.out = out;
    this.timing = timing;
    this.startNanos = timing.nanos();
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
