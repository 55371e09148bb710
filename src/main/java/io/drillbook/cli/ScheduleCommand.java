package io.drillbook.cli;

import io.drillbook.config.ConfigLoader;
import io.drillbook.config.DrillConfig;
import io.drillbook.config.DrillbookConfig;
import io.drillbook.schedule.DrillDaemon;
import io.drillbook.schedule.QuartzCron;
import io.drillbook.schedule.TargetServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drillbook schedule}: the daemon that runs every drill with a {@code schedule:} through Quartz. */
@Command(name = "schedule", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Run every drill that has a schedule, on its cron, until SIGTERM (or --max-runs).",
        "Serves /healthz and /metrics; missed fires are recorded as MISSED entries."})
final class ScheduleCommand implements Callable<Integer> {
  private final Wiring wiring;
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

  ScheduleCommand(Wiring wiring, Terminal terminal) {
    this.wiring = wiring;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    DrillbookConfig cfg = new ConfigLoader(QuartzCron.SYNTAX).load(config);
    List<DrillConfig> scheduled = cfg.drills().stream().filter(d -> d.schedule() != null).toList();
    if (scheduled.isEmpty()) {
      throw new UsageException("no drill in " + config + " has a 'schedule:'; add a Quartz cron like "
          + "'0 0 4 ? * MON' to the drills the daemon should run");
    }
    if (maxRuns != null && maxRuns < 1) {
      throw new UsageException("--max-runs must be at least 1");
    }
    if (!sandbox) {
      return serve(cfg);
    }
    try (SandboxSupport box = SandboxSupport.forDrills(cfg.drills(), terminal.out())) {
      return serve(box.rewire(cfg));
    }
  }

  /** Runs the daemon over every drill of {@code cfg}: those with a schedule fire, all have their targets recovered. */
  private int serve(DrillbookConfig cfg) throws Exception {
    DrillDaemon.Settings settings = DrillDaemon.Settings.from(cfg.scheduler(), port, maxRuns, wiring::expand,
        wiring::env);
    DrillDaemon daemon = new DrillDaemon(cfg.drills(), new TargetServices(wiring.connector(cfg, allowProduction)),
        settings, new DaemonPrinter(terminal, wiring.timing()), wiring.timing());
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      daemon.stop();
      stopped.countDown();
    }, "drillbook-schedule-stop");
    try {
      daemon.start();
      if (maxRuns != null) {
        boolean done = daemon.awaitMaxRuns(Duration.ofHours(6));
        terminal.out().printf(Locale.ROOT, "%s after %d completed run(s)%n", done ? "stopping" : "gave up waiting",
            daemon.startedRuns());
        terminal.out().flush();
        return done ? ExitCodes.OK : ExitCodes.NOT_JUDGED;
      }
      Runtime.getRuntime().addShutdownHook(hook);
      stopped.await();
      return ExitCodes.OK;
    } finally {
      if (maxRuns != null) {
        daemon.close();
      }
    }
  }
}
