package io.drillbook.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Quartz scheduler behind {@link DrillScheduler} is built.
 *
 * @param store where jobs and triggers live
 * @param jdbcUrl PostgreSQL JDBC URL for {@link Store#JDBC}; put the schema in {@code currentSchema}
 * @param user database user
 * @param password database password (never shown by {@link #toString()})
 * @param instanceId the Quartz instance id; {@code AUTO} lets Quartz generate one (host name and time)
 * @param threadCount worker threads, i.e. drills that may run at once on this instance
 * @param clustered whether instances share the JDBC store as a cluster (always false for RAM)
 * @param clusterCheckinInterval how often a clustered instance checks in; others take over its runs after
 *     roughly this interval plus 7.5 s of silence
 * @param misfireThreshold how late a fire may be before it is handled as a misfire
 */
public record SchedulerOptions(Store store, String jdbcUrl, String user, String password, String instanceId,
    int threadCount, boolean clustered, Duration clusterCheckinInterval, Duration misfireThreshold) {
  /** Where the scheduler keeps its jobs and triggers. */
  public enum Store {
    /** In memory: lost on restart, no cluster. */
    RAM,
    /** PostgreSQL via Quartz's JobStoreTX, clustered. */
    JDBC
  }

  /** Let Quartz generate the instance id. */
  public static final String AUTO_INSTANCE_ID = "AUTO";
  /** Worker threads when none is given. */
  public static final int DEFAULT_THREAD_COUNT = 4;
  /** Quartz's own default check-in interval. */
  public static final Duration DEFAULT_CLUSTER_CHECKIN_INTERVAL = Duration.ofMillis(7500);
  /** Same as {@link ScheduleSpec#DEFAULT_MISFIRE_GRACE}. */
  public static final Duration DEFAULT_MISFIRE_THRESHOLD = ScheduleSpec.DEFAULT_MISFIRE_GRACE;

  public SchedulerOptions {
    Objects.requireNonNull(store, "store");
    instanceId = instanceId == null || instanceId.isBlank() ? AUTO_INSTANCE_ID : instanceId;
    clusterCheckinInterval = clusterCheckinInterval == null ? DEFAULT_CLUSTER_CHECKIN_INTERVAL : clusterCheckinInterval;
    misfireThreshold = misfireThreshold == null ? DEFAULT_MISFIRE_THRESHOLD : misfireThreshold;
    if (threadCount < 1) {
      throw new IllegalArgumentException("threadCount must be at least 1, got " + threadCount);
    }
    if (store == Store.JDBC && (jdbcUrl == null || jdbcUrl.isBlank())) {
      throw new IllegalArgumentException("the JDBC store needs a jdbcUrl");
    }
    if (store == Store.RAM && clustered) {
      throw new IllegalArgumentException("the RAM store cannot be clustered");
    }
    if (misfireThreshold.isNegative() || misfireThreshold.isZero()) {
      throw new IllegalArgumentException("misfireThreshold must be positive");
    }
    if (clusterCheckinInterval.isNegative() || clusterCheckinInterval.isZero()) {
      throw new IllegalArgumentException("clusterCheckinInterval must be positive");
    }
  }

  /** An in-memory scheduler with the defaults. */
  public static SchedulerOptions ram() {
    return new SchedulerOptions(Store.RAM, null, null, null, AUTO_INSTANCE_ID, DEFAULT_THREAD_COUNT, false,
        null, null);
  }

  /** A clustered PostgreSQL-backed scheduler with the defaults. */
  public static SchedulerOptions jdbc(String jdbcUrl, String user, String password) {
    return new SchedulerOptions(Store.JDBC, jdbcUrl, user, password, AUTO_INSTANCE_ID, DEFAULT_THREAD_COUNT, true,
        null, null);
  }

  /** These options with another instance id (unique per cluster member). */
  public SchedulerOptions withInstanceId(String id) {
    return new SchedulerOptions(store, jdbcUrl, user, password, id, threadCount, clustered,
        clusterCheckinInterval, misfireThreshold);
  }

  /** These options with another worker thread count. */
  public SchedulerOptions withThreadCount(int count) {
    return new SchedulerOptions(store, jdbcUrl, user, password, instanceId, count, clustered,
        clusterCheckinInterval, misfireThreshold);
  }

  /** These options with another cluster check-in interval. */
  public SchedulerOptions withClusterCheckinInterval(Duration interval) {
    return new SchedulerOptions(store, jdbcUrl, user, password, instanceId, threadCount, clustered, interval,
        misfireThreshold);
  }

  /** These options with another misfire threshold. */
  public SchedulerOptions withMisfireThreshold(Duration threshold) {
    return new SchedulerOptions(store, jdbcUrl, user, password, instanceId, threadCount, clustered,
        clusterCheckinInterval, threshold);
  }

  @Override
  public String toString() {
    return "SchedulerOptions[store=" + store + ", jdbcUrl=" + jdbcUrl + ", user=" + user + ", password="
        + (password == null || password.isEmpty() ? "<none>" : "****") + ", instanceId=" + instanceId
        + ", threadCount=" + threadCount + ", clustered=" + clustered + ", clusterCheckinInterval="
        + clusterCheckinInterval + ", misfireThreshold=" + misfireThreshold + "]";
  }
}
