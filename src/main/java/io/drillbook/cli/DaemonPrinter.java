package io.drillbook.cli;

import io.drillbook.drill.DrillService.DrillRun;
import io.drillbook.drill.Recovery;
import io.drillbook.schedule.DaemonListener;
import io.drillbook.time.Timing;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints what the daemon does, one line per event, on the terminal. */
final class DaemonPrinter implements DaemonListener {
  private final Terminal terminal;
  private final Timing timing;

  DaemonPrinter(Terminal terminal, Timing timing) {
    this.terminal = terminal;
    this.timing = timing;
  }

  @Override
  public synchronized void started(String instanceId, boolean jdbc, int drills, int port,
      Map<String, Instant> nextFires) {
    PrintWriter out = terminal.out();
    out.printf(Locale.ROOT, "scheduler %s started (%s store): %d drill(s); /healthz and /metrics on port %d%n",
        instanceId, jdbc ? "PostgreSQL" : "memory", drills, port);
    nextFires.forEach((drill, at) -> out.printf(Locale.ROOT, "  %s next at %s%n", drill, at));
    out.println("ready");
    out.flush();
  }

  @Override
  public synchronized void ran(DrillRun run, boolean recoveringDeadReplica) {
    var r = run.record();
    PrintWriter out = terminal.out();
    out.printf(Locale.ROOT, "%s %s: %s%s %s (evidence %s)%n", r.startedAt(), r.drill(), r.verdict(),
        recoveringDeadReplica ? " (recovered from a dead replica)" : "", Text.printable(r.reason()),
        run.evidenceLocation() == null ? "NOT WRITTEN: " + run.evidenceError() : run.evidenceLocation());
    out.flush();
  }

  @Override
  public synchronized void missed(String drill, Instant fireTime, String why, DrillRun recorded) {
    terminal.out().printf(Locale.ROOT, "%s %s: MISSED fire of %s (%s)%n", timing.now(), drill, fireTime, why);
    terminal.out().flush();
    if (recorded.evidenceError() != null) {
      problem(recorded.evidenceError());
    }
  }

  @Override
  public synchronized void recovered(List<Recovery.Found> found) {
    RecoveryReport.printLines(found, terminal.out());
  }

  @Override
  public synchronized void problem(String message) {
    terminal.err().println("drillbook: " + Text.printable(message));
    terminal.err().flush();
  }
}
