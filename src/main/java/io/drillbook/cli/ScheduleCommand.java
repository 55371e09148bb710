package io.drillbook.cli;

import io.drillbook.app.DaemonRequest;
import io.drillbook.app.DrillPlan;
import io.drillbook.app.Drillbook;
import io.drillbook.app.PlanRequest;
import io.drillbook.app.Served;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drillbook schedule}: the daemon that runs every drill with a {@code schedule:} through Quartz. */
@Command(name = "schedule", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Run every drill that has a schedule, on its cron, until SIGTERM (or --max-runs).",
        "Serves /healthz and /metrics; missed fires are recorded as MISSED entries."})
final class ScheduleCommand implements Callable<Integer> {
  private final Drillbook drillbook;
  private final Terminal terminal;

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "drillbook.yaml",
      description = "Config file (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(names = "--sandbox", description = "Drill against the embedded sandbox, seeded with every target the "
      + "config names.")
  boolean sandbox;

  @Option(names = "--max-runs", paramLabel = "N", description = "Stop after N completed runs (smoke tests, demos).")
  Integer maxRuns;

  @Option(names = "--port", paramLabel = "N", description = "Port of /healthz and /metrics (default: the config's "
      + "scheduler.port, 9400; 0 for a free port).")
  Integer port;

  @Option(names = "--allow-production", description = "Let drills with allowProduction: true run against targets "
      + "that look like production (both are required).")
  boolean allowProduction;

  ScheduleCommand(Drillbook drillbook, Terminal terminal) {
    this.drillbook = drillbook;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    DaemonRequest request = new DaemonRequest(port, maxRuns, allowProduction);
    try (DrillPlan plan = drillbook.plan(PlanRequest.of(config).onSandbox(sandbox), terminal.out())) {
      Served served = drillbook.serve(plan, request, new DaemonPrinter(terminal, drillbook.timing()));
      if (maxRuns != null) {
        terminal.out().printf(Locale.ROOT, "%s after %d completed run(s)%n",
            served.completed() ? "stopping" : "gave up waiting", served.runs());
        terminal.out().flush();
      }
      return served.completed() ? ExitCodes.OK : ExitCodes.NOT_JUDGED;
    }
  }
}
