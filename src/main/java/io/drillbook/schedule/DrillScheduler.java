package io.drillbook.schedule;

import io.drillbook.time.Timing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.JobListener;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.listeners.TriggerListenerSupport;
import org.quartz.utils.DBConnectionManager;
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
  private static final int MAX_MISSED_ENTRIES_PER_MISFIRE = 100;
  private static final Logger log = LoggerFactory.getLogger(DrillScheduler.class);
  private static final Object FACTORY_LOCK = new Object();
  private static final AtomicInteger DATA_SOURCES = new AtomicInteger();

  private final SchedulerOptions options;
  private final Scheduler scheduler;
  private final String dataSource;
  private final MissedFireRecorder recorder;
  private final Map<TriggerKey, CompletableFuture<String>> pendingByTrigger = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<String>> pendingByFire = new ConcurrentHashMap<>();
  private final Map<String, String> running = new ConcurrentHashMap<>();
  private final Object completedLock = new Object();
  private int completed;
  private volatile Instant startedAt;
  private volatile Boolean closedCleanly;

  private final Timing timing;

  private DrillScheduler(SchedulerOptions options, Scheduler scheduler, String dataSource,
      MissedFireRecorder recorder, Timing timing) {
    this.timing = timing;
    this.options = options;
    this.scheduler = scheduler;
    this.dataSource = dataSource;
    this.recorder = recorder;
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
      scheduler.getListenerManager().addJobListener(drills.new RunListener());
      scheduler.getListenerManager().addTriggerListener(drills.new MisfireListener());
    } catch (SchedulerException e) {
      drills.close(Duration.ZERO);
      throw new IllegalStateException("cannot wire the Quartz scheduler: " + e.getMessage(), e);
    }
    return drills;
  }

  /** Starts firing (including misfire handling and, when clustered, recovery of dead instances' runs). */
  public void start() {
    try {
      if (startedAt == null) {
        startedAt = timing.clock().instant();
      }
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
    TriggerKey key = TriggerKey.triggerKey(spec.drillName(), CRON_GROUP);
    CronScheduleBuilder schedule = CronScheduleBuilder.cronSchedule(spec.cron())
        .inTimeZone(TimeZone.getTimeZone(spec.timezone()));
    schedule = spec.misfirePolicy() == MisfirePolicy.SKIP
        ? schedule.withMisfireHandlingInstructionDoNothing()
        : schedule.withMisfireHandlingInstructionFireAndProceed();
    CronTrigger trigger = TriggerBuilder.newTrigger()
        .withIdentity(key)
        .forJob(jobKey(spec.drillName()))
        .withDescription("drillbook schedule of " + spec.drillName())
        .withSchedule(schedule)
        .build();
    try {
      Trigger existing = scheduler.getTrigger(key);
      if (existing instanceof CronTrigger current && sameSchedule(current, trigger)
          && scheduler.checkExists(jobKey(spec.drillName()))) {
        return false;
      }
      scheduler.scheduleJob(job(spec.drillName()), Set.of(trigger), true);
      return true;
    } catch (SchedulerException e) {
      throw new IllegalStateException("drill '" + spec.drillName() + "': cannot schedule: " + e.getMessage(), e);
    }
  }

  private static boolean sameSchedule(CronTrigger a, CronTrigger b) {
    return a.getCronExpression().equals(b.getCronExpression())
        && a.getTimeZone().getID().equals(b.getTimeZone().getID())
        && a.getMisfireInstruction() == b.getMisfireInstruction()
        && a.getJobKey().equals(b.getJobKey());
  }

  private static JobKey jobKey(String drill) {
    return JobKey.jobKey(drill, JOB_GROUP);
  }

  private static JobDetail job(String drill) {
    return JobBuilder.newJob(DrillJob.class)
        .withIdentity(jobKey(drill))
        .withDescription("drillbook drill " + drill)
        .usingJobData(DrillJob.DRILL_NAME, drill)
        .storeDurably()
        .requestRecovery(true)
        .build();
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
    CompletableFuture<String> verdict = new CompletableFuture<>();
    pendingByTrigger.put(key, verdict);
    try {
      try {
        scheduler.addJob(job(drillName), false);
      } catch (ObjectAlreadyExistsException alreadyThere) {
        // Scheduled drills and earlier on-demand runs already stored the job.
      }
      scheduler.scheduleJob(TriggerBuilder.newTrigger()
          .withIdentity(key)
          .forJob(jobKey(drillName))
          .withDescription("drillbook on-demand run of " + drillName)
          .startNow()
          .build());
    } catch (SchedulerException e) {
      pendingByTrigger.remove(key);
      verdict.completeExceptionally(e);
      return verdict;
    }
    verdict.whenComplete((v, e) -> {
      pendingByTrigger.remove(key);
      pendingByFire.values().remove(verdict);
    });
    return verdict.orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Executions (any outcome) completed on this instance since it was created. */
  public int completedRuns() {
    synchronized (completedLock) {
      return completed;
    }
  }

  /**
   * Waits until this instance has completed at least {@code n} executions, across all drills.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitCompletedRuns(int n, Duration timeout) throws InterruptedException {
    long deadline = timing.nanos() + timeout.toNanos();
    synchronized (completedLock) {
      while (completed < n) {
        long left = deadline - timing.nanos();
        if (left <= 0) {
          return false;
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(completedLock, left);
      }
      return true;
    }
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
    Map<String, Instant> next = new TreeMap<>();
    try {
      for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.anyTriggerGroup())) {
        Trigger trigger = scheduler.getTrigger(key);
        if (trigger == null || !JOB_GROUP.equals(trigger.getJobKey().getGroup())
            || trigger.getNextFireTime() == null) {
          continue;
        }
        next.merge(trigger.getJobKey().getName(), trigger.getNextFireTime().toInstant(),
            (a, b) -> a.isBefore(b) ? a : b);
      }
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot read the triggers: " + e.getMessage(), e);
    }
    return next;
  }

  /** The instances checked in to the shared JDBC store (empty for the RAM store). */
  public List<ClusterMember> clusterMembers() {
    if (options.store() != SchedulerOptions.Store.JDBC) {
      return List.of();
    }
    List<ClusterMember> members = new ArrayList<>();
    try (Connection conn = DBConnectionManager.getInstance().getConnection(dataSource);
        PreparedStatement ps = conn.prepareStatement("SELECT instance_name, last_checkin_time, checkin_interval"
            + " FROM qrtz_scheduler_state WHERE sched_name = ? ORDER BY instance_name")) {
      ps.setString(1, SCHEDULER_NAME);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          members.add(new ClusterMember(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
              Duration.ofMillis(rs.getLong(3))));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the cluster members: " + e.getMessage(), e);
    }
    return members;
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
          running.values());
    }
    pendingByFire.values().forEach(f -> f.completeExceptionally(new IllegalStateException("scheduler closed")));
    pendingByTrigger.values().forEach(f -> f.completeExceptionally(new IllegalStateException("scheduler closed")));
    closedCleanly = clean;
    return clean;
  }

  private void recordMissed(Trigger trigger) {
    String drill = trigger.getJobKey().getName();
    Date first = trigger.getNextFireTime();
    if (first == null) {
      return;
    }
    String policy = trigger.getMisfireInstruction() == CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING
        && trigger instanceof CronTrigger ? "policy skip" : "policy run-once: running it now";
    Instant started = startedAt;
    Date now = Date.from(timing.clock().instant());
    int recorded = 0;
    // Quartz reports one misfire however many fires passed; evidence wants each missed fire.
    for (Date fire = first; fire != null && !fire.after(now); fire = trigger.getFireTimeAfter(fire)) {
      if (recorded == MAX_MISSED_ENTRIES_PER_MISFIRE) {
        log.warn("drill '{}': more than {} missed fires since {}; recorded only the first ones", drill,
            MAX_MISSED_ENTRIES_PER_MISFIRE, first.toInstant());
        break;
      }
      String why = started != null && fire.toInstant().isBefore(started)
          ? "scheduler was down at the fire time; " + policy
          : "scheduler could not fire in time (previous run still running or no free worker); " + policy;
      try {
        recorder.missed(drill, fire.toInstant(), why);
      } catch (RuntimeException e) {
        log.warn("drill '{}': recording the missed fire at {} failed: {}", drill, fire.toInstant(), e.toString(), e);
      }
      recorded++;
    }
  }

  private final class MisfireListener extends TriggerListenerSupport {
    @Override
    public String getName() {
      return "drillbook-misfires";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
      if (JOB_GROUP.equals(trigger.getJobKey().getGroup())) {
        recordMissed(trigger);
      }
    }
  }

  private final class RunListener implements JobListener {
    @Override
    public String getName() {
      return "drillbook-runs";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {
      running.put(context.getFireInstanceId(), context.getJobDetail().getKey().getName());
      CompletableFuture<String> verdict = pendingByTrigger.remove(context.getTrigger().getKey());
      if (verdict != null) {
        pendingByFire.put(context.getFireInstanceId(), verdict);
      }
    }

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {
      running.remove(context.getFireInstanceId());
      CompletableFuture<String> verdict = pendingByFire.remove(context.getFireInstanceId());
      if (verdict != null) {
        verdict.completeExceptionally(new IllegalStateException("the run was vetoed"));
      }
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
      running.remove(context.getFireInstanceId());
      // Counted before the waiting caller hears the verdict, so completedRuns() is never behind it.
      synchronized (completedLock) {
        completed++;
        completedLock.notifyAll();
      }
      CompletableFuture<String> verdict = pendingByFire.remove(context.getFireInstanceId());
      if (verdict != null) {
        if (failure != null) {
          verdict.completeExceptionally(failure.getCause() != null ? failure.getCause() : failure);
        } else {
          verdict.complete(String.valueOf(context.getResult()));
        }
      }
    }
  }
}
