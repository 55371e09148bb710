package io.drillbook.cli;

import io.drillbook.config.ConfigLoader;
import io.drillbook.config.DrillConfig;
import io.drillbook.config.DrillbookConfig;
import io.drillbook.config.SchedulerConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.DrillService;
import io.drillbook.drill.DrillService.DrillRun;
import io.drillbook.drill.Verdict;
import io.drillbook.kube.KubernetesCluster;
import io.drillbook.schedule.DrillRunner;
import io.drillbook.schedule.DrillScheduler;
import io.drillbook.schedule.MisfirePolicy;
import io.drillbook.schedule.MissedFireRecorder;
import io.drillbook.schedule.ScheduleSpec;
import io.drillbook.schedule.SchedulerMetrics;
import io.drillbook.schedule.SchedulerOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
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
    DrillbookConfig cfg = new ConfigLoader().load(config);
    List<DrillConfig> scheduled = cfg.drills().stream().filter(d -> d.schedule() != null).toList();
    if (scheduled.isEmpty()) {
      throw new UsageException("no drill in " + config + " has a 'schedule:'; add a Quartz cron like "
          + "'0 0 4 ? * MON' to the drills the daemon should run");
    }
    if (maxRuns != null && maxRuns < 1) {
      throw new UsageException("--max-runs must be at least 1");
    }
    if (!sandbox) {
      return serve(cfg, scheduled);
    }
    try (SandboxSupport box = SandboxSupport.forDrills(cfg.drills(), terminal.out())) {
      DrillbookConfig rewired = box.rewire(cfg);
      return serve(rewired, rewired.drills().stream().filter(d -> d.schedule() != null).toList());
    }
  }

  private int serve(DrillbookConfig cfg, List<DrillConfig> scheduled) throws Exception {
    PrintWriter out = terminal.out();
    Map<String, DrillConfig> byName = new LinkedHashMap<>();
    scheduled.forEach(d -> byName.put(d.name(), d));
    Map<String, KubernetesCluster> clusters = new ConcurrentHashMap<>();
    Map<String, DrillService> services = new ConcurrentHashMap<>();
    Set<Abort> running = ConcurrentHashMap.newKeySet();
    SchedulerMetrics[] metrics = new SchedulerMetrics[1];
    java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
    DrillRunner runner = (name, fireTime, recovering) -> {
      DrillConfig drill = byName.get(name);
      if (drill == null) {
        return Verdict.INCONCLUSIVE.name();
      }
      if (maxRuns != null && started.getAndIncrement() >= maxRuns) {
        // With --max-runs the daemon is stopping: a fire after the last counted run is not started.
        return Verdict.ABORTED.name();
      }
      Abort abort = new Abort();
      running.add(abort);
      try {
        DrillRun run = service(cfg, drill, clusters, services).execute(drill, abort, io.drillbook.drill.DrillListener.silent());
        report(out, run, recovering);
        metrics[0].ran(name, run.record().verdict().name(), run.record().recoverySeconds(), run.record().startedAt());
        return run.record().verdict().name();
      } finally {
        running.remove(abort);
      }
    };
    MissedFireRecorder missed = (name, fireTime, why) -> {
      DrillConfig drill = byName.get(name);
      try {
        DrillRun run = service(cfg, drill, clusters, services).recordNotRun(drill, fireTime, Verdict.MISSED, why);
        out.printf(Locale.ROOT, "%s %s: MISSED fire of %s (%s)%n", wiring.timing().now(), name, fireTime, why);
        out.flush();
        metrics[0].ran(name, Verdict.MISSED.name(), null, fireTime);
        if (run.evidenceError() != null) {
          terminal.err().println("drillbook: " + run.evidenceError());
        }
      } catch (Exception e) {
        terminal.err().println("drillbook: could not record the missed fire of " + name + ": " + e.getMessage());
      }
    };
    SchedulerConfig sc = cfg.scheduler();
    DrillScheduler scheduler = DrillScheduler.create(options(sc), runner, missed, wiring.timing());
    metrics[0] = new SchedulerMetrics(scheduler);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      running.forEach(a -> a.fire("SIGTERM: the scheduler is stopping; restoring before exit"));
      scheduler.close(sc.shutdownGrace());
      stopped.countDown();
    }, "drillbook-schedule-stop");
    try {
      for (DrillConfig d : scheduled) {
        scheduler.register(ScheduleSpec.of(d.name(), d.schedule().cron(), d.schedule().timezone())
            .withMisfirePolicy(d.schedule().skipMissed() ? MisfirePolicy.SKIP : MisfirePolicy.RUN_ONCE)
            .withMisfireGrace(sc.misfireGrace()));
      }
      recoverAtStart(cfg, clusters, services, out);
      int served = metrics[0].serve(port != null ? port : sc.port(), () -> true);
      scheduler.start();
      out.printf(Locale.ROOT, "scheduler %s started (%s store): %d drill(s); /healthz and /metrics on port %d%n",
          scheduler.instanceId(), sc.jdbc() ? "PostgreSQL" : "memory", scheduled.size(), served);
      scheduler.nextFireTimes().forEach((drill, at) -> out.printf(Locale.ROOT, "  %s next at %s%n", drill, at));
      out.println("ready");
      out.flush();
      if (maxRuns != null) {
        boolean done = scheduler.runUntil(maxRuns, Duration.ofHours(6));
        out.printf(Locale.ROOT, "%s after %d completed run(s)%n", done ? "stopping" : "gave up waiting",
            Math.min(started.get(), maxRuns));
        out.flush();
        return done ? ExitCodes.OK : ExitCodes.NOT_JUDGED;
      }
      Runtime.getRuntime().addShutdownHook(hook);
      stopped.await();
      return ExitCodes.OK;
    } finally {
      if (maxRuns != null) {
        scheduler.close(sc.shutdownGrace());
      }
      metrics[0].close();
      clusters.values().forEach(KubernetesCluster::close);
    }
  }

  private SchedulerOptions options(SchedulerConfig sc) {
    SchedulerOptions options = sc.jdbc()
        ? SchedulerOptions.jdbc(wiring.expand(sc.jdbcUrl()), wiring.expand(sc.user()), sc.passwordEnv() == null
            ? null : wiring.env(sc.passwordEnv()))
        : SchedulerOptions.ram();
    options = options.withThreadCount(sc.threads()).withMisfireThreshold(sc.misfireGrace());
    return sc.instanceId() == null ? options : options.withInstanceId(wiring.expand(sc.instanceId()));
  }

  /** One cluster connection per kubeconfig and context, one service per cluster, made on first use. */
  private DrillService service(DrillbookConfig cfg, DrillConfig drill, Map<String, KubernetesCluster> clusters,
      Map<String, DrillService> services) throws Exception {
    String key = drill.target().kubeconfig() + "|" + drill.target().context();
    DrillService existing = services.get(key);
    if (existing != null) {
      return existing;
    }
    synchronized (services) {
      if (!services.containsKey(key)) {
        KubernetesCluster cluster = wiring.cluster(drill.target().kubeconfig(), drill.target().context());
        clusters.put(key, cluster);
        services.put(key, wiring.service(cluster, cfg, allowProduction));
      }
      return services.get(key);
    }
  }

  /** Before the first fire: drills that died on the configured targets left markers; recover what is dead. */
  private void recoverAtStart(DrillbookConfig cfg, Map<String, KubernetesCluster> clusters,
      Map<String, DrillService> services, PrintWriter out) {
    Map<String, List<DrillConfig>> byCluster = new LinkedHashMap<>();
    cfg.drills().forEach(d -> byCluster.computeIfAbsent(d.target().kubeconfig() + "|" + d.target().context(),
        k -> new java.util.ArrayList<>()).add(d));
    byCluster.forEach((key, drills) -> {
      try {
        DrillService service = service(cfg, drills.get(0), clusters, services);
        RecoveryReport.printLines(wiring.recovery(clusters.get(key), cfg, service)
            .run(drills, "drillbook schedule"), out);
      } catch (Exception e) {
        terminal.err().println("drillbook: crash recovery could not check " + drills.get(0).target().qualifiedName()
            + (drills.size() > 1 ? " and the other targets of its cluster" : "") + ": " + e.getMessage());
        terminal.err().flush();
      }
    });
  }

  private void report(PrintWriter out, DrillRun run, boolean recovering) {
    var r = run.record();
    out.printf(Locale.ROOT, "%s %s: %s%s %s (evidence %s)%n", r.startedAt(), r.drill(), r.verdict(),
        recovering ? " (recovered from a dead replica)" : "", Text.printable(r.reason()),
        run.evidenceLocation() == null ? "NOT WRITTEN: " + run.evidenceError() : run.evidenceLocation());
    out.flush();
  }
}
