package io.drillbook.schedule;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.SchedulerConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.DrillListener;
import io.drillbook.drill.DrillService.DrillRun;
import io.drillbook.drill.Recovery;
import io.drillbook.drill.Verdict;
import io.drillbook.freeze.ActiveFreeze;
import io.drillbook.freeze.Freezes;
import io.drillbook.time.Timing;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The daemon: every drill with a schedule fired by Quartz on its cron, metrics served, and crash recovery run on
 * every configured target before the first fire and then periodically, so a drill that died anywhere (an evicted
 * CronJob pod, a killed replica) is restored once its Lease lapses, without anyone running {@code recover}.
 */
public final class DrillDaemon implements AutoCloseable {

  /**
   * @param options the Quartz store and threads
   * @param misfireGrace how late a fire may start before it counts as missed
   * @param shutdownGrace how long stopping waits for running drills (they restore first)
   * @param port the metrics port (0 for a free one)
   * @param maxRuns stop after this many started runs, or null to run until stopped
   * @param recoveryInterval how often crash recovery looks at every target after the start
   */
  public record Settings(SchedulerOptions options, Duration misfireGrace, Duration shutdownGrace, int port,
      Integer maxRuns, Duration recoveryInterval) {

    /**
     * The settings a config's {@code scheduler:} section gives, with the command line's overrides.
     *
     * @param port the metrics port from the command line, or null for the config's
     * @param expand resolves {@code ${NAME}} references in a config value from the environment
     * @param env reads one environment variable (the JDBC password); both fail naming what is missing
     */
    public static Settings from(SchedulerConfig sc, Integer port, Integer maxRuns, UnaryOperator<String> expand,
        UnaryOperator<String> env) {
      SchedulerOptions options = sc.jdbc()
          ? SchedulerOptions.jdbc(expand.apply(sc.jdbcUrl()), expand.apply(sc.user()),
              sc.passwordEnv() == null ? null : env.apply(sc.passwordEnv()))
          : SchedulerOptions.ram();
      options = options.withThreadCount(sc.threads()).withMisfireThreshold(sc.misfireGrace());
      if (sc.instanceId() != null) {
        options = options.withInstanceId(expand.apply(sc.instanceId()));
      }
      return new Settings(options, sc.misfireGrace(), sc.shutdownGrace(), port != null ? port : sc.port(), maxRuns,
          recoveryInterval(sc.leaseDuration()));
    }

    /** Crash recovery runs once a lease duration, at least every 10 s and at most every 5 minutes. */
    static Duration recoveryInterval(Duration lease) {
      return lease.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10)
          : lease.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : lease;
    }
  }

  private final List<DrillConfig> drills;
  private final Map<String, DrillConfig> scheduled = new LinkedHashMap<>();
  private final TargetServices targets;
  private final Settings settings;
  private final DaemonListener listener;
  private final Set<Abort> running = ConcurrentHashMap.newKeySet();
  private final AtomicInteger started = new AtomicInteger();
  private final DrillScheduler scheduler;
  private final SchedulerMetrics metrics;
  private final Freezes freezes;
  private final Timing timing;
  private final ScheduledExecutorService recoveries = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "drillbook-recovery");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param drills every configured drill: their targets are the ones recovery looks after
   * @param targets the cluster connections (closed with the daemon)
   */
  public DrillDaemon(List<DrillConfig> drills, TargetServices targets, Settings settings, DaemonListener listener,
      Timing timing) {
    this(drills, targets, settings, listener, timing, Freezes.NONE);
  }

  /**
   * @param drills every configured drill: their targets are the ones recovery looks after
   * @param targets the cluster connections (closed with the daemon)
   * @param freezes when each drill must not run: a fire inside one is recorded FROZEN, not run and not MISSED
   */
  public DrillDaemon(List<DrillConfig> drills, TargetServices targets, Settings settings, DaemonListener listener,
      Timing timing, Freezes freezes) {
    this.freezes = freezes;
    this.timing = timing;
    this.drills = List.copyOf(drills);
    drills.stream().filter(d -> d.schedule() != null).forEach(d -> scheduled.put(d.name(), d));
    this.targets = targets;
    this.settings = settings;
    this.listener = listener;
    this.scheduler = DrillScheduler.create(settings.options(), this::runScheduled, this::recordMissed, timing);
    this.metrics = new SchedulerMetrics(scheduler);
  }

  /** Registers the schedules, recovers every target, serves metrics and starts firing. */
  public void start() throws java.io.IOException {
    for (DrillConfig d : scheduled.values()) {
      scheduler.register(ScheduleSpec.of(d.name(), d.schedule().cron(), d.schedule().timezone())
          .withMisfirePolicy(d.schedule().skipMissed() ? MisfirePolicy.SKIP : MisfirePolicy.RUN_ONCE)
          .withMisfireGrace(settings.misfireGrace()));
    }
    recoverAll(true);
    int served = metrics.serve(settings.port(), () -> true);
    scheduler.start();
    long interval = settings.recoveryInterval().toMillis();
    recoveries.scheduleWithFixedDelay(() -> recoverAll(false), interval, interval, TimeUnit.MILLISECONDS);
    listener.started(scheduler.instanceId(), settings.options().store() == SchedulerOptions.Store.JDBC,
        scheduled.size(), served, scheduler.nextFireTimes());
  }

  /**
   * Waits for {@code maxRuns} completed runs (a daemon that stops on its own: smoke tests, demos).
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitMaxRuns(Duration timeout) throws InterruptedException {
    return scheduler.awaitCompletedRuns(settings.maxRuns(), timeout);
  }

  /** Runs started so far, capped at {@code maxRuns}. */
  public int startedRuns() {
    return settings.maxRuns() == null ? started.get() : Math.min(started.get(), settings.maxRuns());
  }

  /** SIGTERM: aborts the running drills (each still restores) and stops within the shutdown grace. */
  public void stop() {
    running.forEach(a -> a.fire("SIGTERM: the scheduler is stopping; restoring before exit"));
    close();
  }

  private String runScheduled(String name, Instant fireTime, boolean recovering) throws Exception {
    DrillConfig drill = scheduled.get(name);
    if (drill == null) {
      return Verdict.INCONCLUSIVE.name();
    }
    if (settings.maxRuns() != null && started.getAndIncrement() >= settings.maxRuns()) {
      // With maxRuns the daemon is stopping: a fire after the last counted run is not started.
      return Verdict.ABORTED.name();
    }
    Instant now = timing.now();
    Optional<ActiveFreeze> freeze = freezes.activeAt(name, now);
    if (freeze.isPresent()) {
      // Checked before the drill connects, locks or marks anything: a frozen target is not touched at all.
      recordFrozen(drill, now, freeze.get(), null, recovering);
      return Verdict.FROZEN.name();
    }
    Abort abort = new Abort();
    running.add(abort);
    try {
      DrillRun run = targets.forDrill(drill).service().execute(drill, abort, DrillListener.silent());
      listener.ran(run, recovering);
      metrics.ran(name, run.record().verdict().name(), run.record().recoverySeconds(), run.record().startedAt());
      return run.record().verdict().name();
    } finally {
      running.remove(abort);
    }
  }

  /** Records a fire of {@code drill} at {@code at} that {@code freeze} held, and counts it apart from the runs. */
  private void recordFrozen(DrillConfig drill, Instant at, ActiveFreeze freeze, String why, boolean recovering)
      throws Exception {
    DrillRun run = targets.forDrill(drill).service().recordFrozen(drill, at, freeze, why);
    metrics.ran(drill.name(), Verdict.FROZEN.name(), null, at);
    listener.ran(run, recovering);
  }

  private void recordMissed(String name, Instant fireTime, String why) {
    DrillConfig drill = scheduled.get(name);
    Optional<ActiveFreeze> freeze = freezes.activeAt(name, fireTime);
    if (freeze.isPresent()) {
      // A fire that would have been frozen anyway is no gap in the drill's cadence: FROZEN, never MISSED.
      try {
        recordFrozen(drill, fireTime, freeze.get(), "the scheduled fire at " + fireTime + " was missed: " + why,
            false);
      } catch (Exception e) {
        listener.problem("could not record the frozen fire of " + name + ": " + e.getMessage());
      }
      return;
    }
    try {
      DrillRun run = targets.forDrill(drill).service().recordNotRun(drill, fireTime, Verdict.MISSED, why);
      metrics.ran(name, Verdict.MISSED.name(), null, fireTime);
      listener.missed(name, fireTime, why, run);
    } catch (Exception e) {
      listener.problem("could not record the missed fire of " + name + ": " + e.getMessage());
    }
  }

  /**
   * One recovery pass over every configured target. After the start, drills still running (this daemon's own
   * among them) are not reported again on every pass.
   */
  private void recoverAll(boolean atStart) {
    TargetServices.byCluster(drills).values().forEach(group -> {
      try {
        List<Recovery.Found> found = targets.forDrill(group.get(0)).recovery().run(group, "drillbook schedule");
        List<Recovery.Found> worth = atStart ? found
            : found.stream().filter(f -> f.outcome() != Recovery.Outcome.IN_PROGRESS).toList();
        if (!worth.isEmpty()) {
          listener.recovered(worth);
        }
      } catch (Exception e) {
        listener.problem("crash recovery could not check " + group.get(0).target().qualifiedName()
            + (group.size() > 1 ? " and the other targets of its cluster" : "") + ": " + e.getMessage());
      }
    });
  }

  @Override
  public void close() {
    recoveries.shutdownNow();
    scheduler.close(settings.shutdownGrace());
    metrics.close();
    targets.close();
  }
}
