package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.StopConditions;
import io.drillbook.drill.HealthProbe.HealthResult;
import io.drillbook.time.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches a running drill's {@code stopWhen} conditions on a background thread, from the rollback on, and fires the
 * drill's abort with the condition's name when one holds. The engine's waits (rollout, health, verification) end at
 * once on that abort and the restore runs as after any abort.
 */
final class StopMonitor implements AutoCloseable {
  private static final Duration MAX_PROBE = Duration.ofSeconds(2);

  private final DrillConfig drill;
  private final StopConditions stop;
  private final Abort abort;
  private final HealthProbe health;
  private final StopQuery query;
  private final Cluster cluster;
  private final Timing timing;
  private final ScheduledExecutorService executor;
  // Ends a health probe in flight when the monitor closes.
  private final Abort closing = new Abort();

  private volatile long rolloutSince = -1;
  private volatile String stopped;
  // Touched on the monitor thread only, read after close.
  private Long healthFailingSince;
  private String progress;
  private long progressAt;
  private volatile int queryRuns;
  private volatile int queryFailures;
  private volatile String lastQueryError;

  private StopMonitor(DrillConfig drill, Abort abort, HealthProbe health, StopQuery query, Cluster cluster,
      Timing timing, ScheduledExecutorService executor) {
    this.drill = drill;
    this.stop = drill.stopWhen();
    this.abort = abort;
    this.health = health;
    this.query = query;
    this.cluster = cluster;
    this.timing = timing;
    this.executor = executor;
  }

  /**
   * Starts watching {@code drill}'s conditions. Without any, nothing runs and {@link #abort()} is {@code outer}
   * itself, so the drill behaves exactly as it did before stop conditions existed.
   */
  static StopMonitor start(DrillConfig drill, Abort outer, HealthProbe health, StopQuery query, Cluster cluster,
      Timing timing) {
    if (drill.stopWhen().isEmpty()) {
      return new StopMonitor(drill, outer, health, query, cluster, timing, null);
    }
    // A stop condition aborts this drill only, never the caller's abort (a signal, the scheduler's shutdown).
    Abort drillAbort = new Abort();
    outer.onFire(() -> drillAbort.fire(outer.reason()));
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "drillbook-stop-" + drill.name());
      t.setDaemon(true);
      return t;
    });
    StopMonitor monitor = new StopMonitor(drill, drillAbort, health, query, cluster, timing, executor);
    long interval = drill.stopWhen().interval().toNanos();
    executor.scheduleWithFixedDelay(monitor::tick, 0, interval, TimeUnit.NANOSECONDS);
    return monitor;
  }

  /** The abort the drill's waits must observe: fired by the caller or by a stop condition. */
  Abort abort() {
    return abort;
  }

  /** The engine is now waiting for the rollout: {@code noRolloutProgressFor} counts from here. */
  void rolloutStarted() {
    rolloutSince = timing.nanos();
  }

  void rolloutEnded() {
    rolloutSince = -1;
  }

  /** The abort reason when a stop condition ended the drill, else null. */
  String stoppedBecause() {
    String why = stopped;
    return why != null && why.equals(abort.reason()) ? why : null;
  }

  /** What auditors should see: the conditions watched, which one fired, and stop-query evaluations that failed. */
  Map<String, String> facts() {
    Map<String, String> facts = new LinkedHashMap<>();
    if (executor == null) {
      return facts;
    }
    facts.put("stopWhen", describe());
    String why = stoppedBecause();
    if (why != null) {
      facts.put("stopCondition", why.substring("stop condition ".length()));
    }
    if (queryFailures > 0) {
      facts.put("stopQueryErrors", queryFailures + " of " + queryRuns + " evaluations of the stop query failed, "
          + "so it did not guard those moments (last: " + lastQueryError + ")");
    }
    return facts;
  }

  private String describe() {
    List<String> parts = new ArrayList<>();
    if (stop.healthFailingFor() != null) {
      parts.add("healthFailingFor " + DrillEngine.seconds(stop.healthFailingFor()));
    }
    if (stop.noRolloutProgressFor() != null) {
      parts.add("noRolloutProgressFor " + DrillEngine.seconds(stop.noRolloutProgressFor()));
    }
    if (stop.query() != null) {
      parts.add("query " + stop.query().promql() + " above " + number(stop.query().above()));
    }
    return String.join(", ", parts) + ", checked every " + DrillEngine.seconds(stop.interval());
  }

  private void tick() {
    if (abort.fired() || closing.fired()) {
      return;
    }
    try {
      checkHealth();
      checkProgress();
      checkQuery();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // A check that broke must not end the monitor (a scheduled task that throws is never run again).
    }
  }

  private void checkHealth() throws InterruptedException {
    Duration limit = stop.healthFailingFor();
    if (limit == null || drill.health() == null || abort.fired()) {
      return;
    }
    long at = timing.nanos();
    Duration window = stop.interval().compareTo(MAX_PROBE) < 0 ? stop.interval() : MAX_PROBE;
    HealthResult h = health.await(drill.health().url(), drill.health().expectStatus(), window, closing);
    if (closing.fired()) {
      return;
    }
    if (h.ok()) {
      healthFailingSince = null;
      return;
    }
    if (healthFailingSince == null) {
      healthFailingSince = at;
    }
    Duration failing = Duration.ofNanos(timing.nanos() - healthFailingSince);
    if (failing.compareTo(limit) >= 0) {
      String seen = h.lastStatus() > 0 ? "last answer " + h.lastStatus()
          : "no answer" + (h.lastError() == null ? "" : " (" + h.lastError() + ")");
      fire("healthFailingFor " + DrillEngine.seconds(limit) + ": GET " + drill.health().url() + " has not answered "
          + drill.health().expectStatus() + " for " + DrillEngine.seconds(failing) + ", " + seen);
    }
  }

  private void checkProgress() {
    Duration limit = stop.noRolloutProgressFor();
    long since = rolloutSince;
    if (limit == null || since < 0 || abort.fired()) {
      progress = null;
      return;
    }
    String now;
    try {
      now = cluster.rolloutProgress(drill.target());
    } catch (ClusterException e) {
      // The rollout watch itself reports an unreachable cluster; this condition only judges progress it can see.
      return;
    }
    long at = timing.nanos();
    if (now == null) {
      return;
    }
    if (progress == null || !progress.equals(now) || progressAt < since) {
      progress = now;
      progressAt = Math.max(at, since);
      return;
    }
    Duration still = Duration.ofNanos(at - progressAt);
    if (still.compareTo(limit) >= 0 && rolloutSince >= 0) {
      fire("noRolloutProgressFor " + DrillEngine.seconds(limit) + ": the rollout of " + drill.target().qualifiedName()
          + " made no progress for " + DrillEngine.seconds(still) + " (" + now + ")");
    }
  }

  private void checkQuery() throws InterruptedException {
    StopConditions.Query q = stop.query();
    if (q == null || abort.fired()) {
      return;
    }
    queryRuns++;
    OptionalDouble value;
    try {
      value = query.highest(q.promql());
    } catch (InfrastructureException e) {
      queryFailures++;
      lastQueryError = e.getMessage();
      return;
    }
    if (value.isPresent() && value.getAsDouble() > q.above()) {
      fire("query: " + q.promql() + " returned " + number(value.getAsDouble()) + ", above " + number(q.above()));
    }
  }

  private void fire(String condition) {
    String reason = "stop condition " + condition;
    stopped = reason;
    abort.fire(reason);
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.0f", v) : Double.toString(v);
  }

  @Override
  public void close() {
    if (executor == null) {
      return;
    }
    closing.fire("the drill's exercise ended");
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
