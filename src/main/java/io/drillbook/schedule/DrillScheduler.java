package io.drillbook.schedule;

import io.drillbook.time.Timing;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.CronTrigger;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs drills as Quartz jobs: on a cron schedule ({@link #register}) or on demand ({@link #fireNow}). With the
 * JDBC store several instances form a cluster that fires each scheduled time once and takes over the runs of an
 * instance that died.
 *
 * <p>{@link #create} builds the scheduler in standby; nothing fires before {@link #start()}.
 */
public final class DrillScheduler implements AutoCloseable {
  /** The Quartz scheduler name; cluster members must share it. */
  public static final String SCHEDULER_NAME = "drillbook";
  /** Grace used by {@link #close()}. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
  /** How long {@link #fireNow(String)} waits for the verdict. */
  public static final Duration DEFAULT_FIRE_NOW_TIMEOUT = Duration.ofHours(1);

  static final String JOB_GROUP = "drillbook";
  static final String CRON_GROUP = "drillbook-cron";
  static final String NOW_GROUP = "drillbook-now";
  static final String MISSED_RECORDER = "io.drillbook.schedule.MissedFireRecorder";
  private static final Logger log = LoggerFactory.getLogger(DrillScheduler.class);
  private static final Object FACTORY_LOCK = new Object();
  private static final AtomicInteger DATA_SOURCES = new AtomicInteger();

  private final SchedulerOptions options;
  private final Scheduler scheduler;
  private final RunTracker runs;
  private final MissedFireListener misfires;
  private final SchedulerState state;
  private volatile Boolean closedCleanly;

  private DrillScheduler(SchedulerOptions options, Scheduler scheduler, String dataSource,
      MissedFireRecorder recorder, Timing timing) {
    this.options = options;
    this.scheduler = scheduler;
    this.runs = new RunTracker(timing);
    this.misfires = new MissedFireListener(recorder, timing);
    this.state = new SchedulerState(options, scheduler, dataSource);
  }

  /**
   * Builds the scheduler in standby. For the JDBC store this first creates Quartz's tables in the URL's
   * {@code currentSchema} if they are missing (safe when several instances start at once).
   *
   * @throws IllegalStateException when the store cannot be reached or Quartz refuses the configuration
   */
  public static DrillScheduler create(SchedulerOptions options, DrillRunner runner, MissedFireRecorder recorder,
      Timing timing) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(recorder, "recorder");
    String dataSource = "drillbook-" + DATA_SOURCES.incrementAndGet();
    if (options.store() == SchedulerOptions.Store.JDBC) {
      try {
        if (QuartzSchema.ensure(options.jdbcUrl(), options.user(), options.password())) {
          log.info("created the Quartz tables at {}", options.jdbcUrl());
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot prepare the Quartz schema at " + options.jdbcUrl() + ": "
            + e.getMessage(), e);
      }
    }
    Scheduler scheduler;
    try {
      synchronized (FACTORY_LOCK) {
        scheduler = new StdSchedulerFactory(QuartzProperties.of(options, dataSource, SCHEDULER_NAME)).getScheduler();
        // Quartz allows one live scheduler per name in a JVM, but cluster members share the name; unbinding lets
        // several instances live side by side (tests, hand-over during a deploy). Nothing here looks them up.
        SchedulerRepository.getInstance().remove(SCHEDULER_NAME);
      }
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot build the Quartz scheduler (" + options + "): " + e.getMessage(), e);
    }
    DrillScheduler drills = new DrillScheduler(options, scheduler, dataSource, recorder, timing);
    try {
      scheduler.getContext().put(DrillJob.RUNNER, runner);
      scheduler.getContext().put(MISSED_RECORDER, recorder);
      scheduler.getListenerManager().addJobListener(drills.runs);
      scheduler.getListenerManager().addTriggerListener(drills.misfires);
    } catch (SchedulerException e) {
      drills.close(Duration.ZERO);
      throw new IllegalStateException("cannot wire the Quartz scheduler: " + e.getMessage(), e);
    }
    return drills;
  }

  /** Starts firing (including misfire handling and, when clustered, recovery of dead instances' runs). */
  public void start() {
    try {
      misfires.schedulerStarting();
      scheduler.start();
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot start the Quartz scheduler: " + e.getMessage(), e);
    }
  }

  /** This instance's Quartz instance id (generated when the options said AUTO). */
  public String instanceId() {
    try {
      return scheduler.getSchedulerInstanceId();
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Schedules a drill. Registering the same spec again (another replica, a restart) changes nothing, so a pending
   * misfire survives; a changed spec replaces the trigger.
   *
   * @return true when the trigger was stored or replaced
   */
  public boolean register(ScheduleSpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (!spec.misfireGrace().equals(options.misfireThreshold())) {
      log.debug("drill '{}': misfire grace {} differs from the scheduler's threshold {}; the threshold applies",
          spec.drillName(), spec.misfireGrace(), options.misfireThreshold());
    }
    CronTrigger trigger = DrillTriggers.cron(spec);
    try {
      Trigger existing = scheduler.getTrigger(trigger.getKey());
      if (existing instanceof CronTrigger current && DrillTriggers.sameSchedule(current, trigger)
          && scheduler.checkExists(DrillTriggers.jobKey(spec.drillName()))) {
        return false;
      }
      scheduler.scheduleJob(DrillTriggers.job(spec.drillName()), Set.of(trigger), true);
      return true;
    } catch (SchedulerException e) {
      throw new IllegalStateException("drill '" + spec.drillName() + "': cannot schedule: " + e.getMessage(), e);
    }
  }

  /** {@link #fireNow(String, Duration)} with {@link #DEFAULT_FIRE_NOW_TIMEOUT}. */
  public CompletableFuture<String> fireNow(String drillName) {
    return fireNow(drillName, DEFAULT_FIRE_NOW_TIMEOUT);
  }

  /**
   * Fires a drill once, now, as a Quartz job (stored durably first if the drill has no schedule).
   *
   * @return completes with that run's verdict; exceptionally with the runner's failure, or with a
   *     {@link java.util.concurrent.TimeoutException} after {@code timeout}. When clustered, another member may pick
   *     the fire up; this handle then only sees the timeout.
   */
  public CompletableFuture<String> fireNow(String drillName, Duration timeout) {
    Objects.requireNonNull(drillName, "drillName");
    TriggerKey key = TriggerKey.triggerKey(drillName + "@" + UUID.randomUUID(), NOW_GROUP);
    CompletableFuture<String> verdict = runs.expect(key);
    try {
      try {
        scheduler.addJob(DrillTriggers.job(drillName), false);
      } catch (ObjectAlreadyExistsException alreadyThere) {
        // Scheduled drills and earlier on-demand runs already stored the job.
      }
      scheduler.scheduleJob(DrillTriggers.now(drillName, key));
    } catch (SchedulerException e) {
      runs.forget(key, verdict);
      verdict.completeExceptionally(e);
      return verdict;
    }
    verdict.whenComplete((v, e) -> runs.forget(key, verdict));
    return verdict.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Executions (any outcome) completed on this instance since it was created. */
  public int completedRuns() {
    return runs.completedRuns();
  }

  /**
   * Waits until this instance has completed at least {@code n} executions, across all drills.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitCompletedRuns(int n, Duration timeout) throws InterruptedException {
    return runs.awaitCompletedRuns(n, timeout);
  }

  /**
   * Starts the scheduler, waits for {@code maxCompletedRuns} completed executions or {@code timeout}, then closes
   * with {@link #DEFAULT_SHUTDOWN_GRACE}. For daemons that should stop on their own (smoke tests).
   *
   * @return true when the runs completed before the timeout
   */
  public boolean runUntil(int maxCompletedRuns, Duration timeout) throws InterruptedException {
    start();
    try {
      return awaitCompletedRuns(maxCompletedRuns, timeout);
    } finally {
      close();
    }
  }

  /** Drill name to its next scheduled fire (drills without a future fire are left out). */
  public Map<String, Instant> nextFireTimes() {
    return state.nextFireTimes();
  }

  /** The instances checked in to the shared JDBC store (empty for the RAM store). */
  public List<ClusterMember> clusterMembers() {
    return state.clusterMembers();
  }

  /** {@link #close(Duration)} with {@link #DEFAULT_SHUTDOWN_GRACE}. */
  @Override
  public void close() {
    close(DEFAULT_SHUTDOWN_GRACE);
  }

  /**
   * Stops firing and waits up to {@code grace} for running drills to finish. Drills still running after that keep
   * their thread; if this process then dies, a cluster member re-runs them as recovering.
   *
   * @return true when everything finished within the grace
   */
  public synchronized boolean close(Duration grace) {
    if (closedCleanly != null) {
      return closedCleanly;
    }
    Thread shutdown = new Thread(() -> {
      try {
        scheduler.shutdown(true);
      } catch (SchedulerException e) {
        log.warn("Quartz shutdown failed: {}", e.getMessage(), e);
      }
    }, "drillbook-scheduler-shutdown");
    shutdown.setDaemon(true);
    shutdown.start();
    try {
      shutdown.join(Math.max(1, grace.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean clean = !shutdown.isAlive();
    if (!clean) {
      log.warn("scheduler {} still running drills after the {} shutdown grace: {}", SCHEDULER_NAME, grace,
          runs.runningDrills());
    }
    runs.failPending("scheduler closed");
    closedCleanly = clean;
    return clean;
  }
}
