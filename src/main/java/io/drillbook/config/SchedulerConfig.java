package io.drillbook.config;

import java.time.Duration;

/**
 * How {@code drillbook schedule} keeps its schedule.
 *
 * @param jdbc whether the job store is PostgreSQL (clustered) rather than memory
 * @param jdbcUrl PostgreSQL JDBC URL, for the jdbc store
 * @param user database user
 * @param passwordEnv name of the environment variable holding the password (never the password itself)
 * @param instanceId this replica's id, or null for Quartz's AUTO
 * @param threads worker threads: how many drills of different targets may run at once
 * @param misfireGrace a fire later than this counts as missed
 * @param shutdownGrace how long SIGTERM waits for running drills to finish or abort and restore
 * @param port port of {@code /healthz} and {@code /metrics}
 * @param leaseDuration how long a target's drill lock (a Lease) outlives a holder that stopped renewing it; every
 *     drill run takes it, manual or scheduled, and crash recovery waits for it to lapse
 */
public record SchedulerConfig(boolean jdbc, String jdbcUrl, String user, String passwordEnv, String instanceId,
    int threads, Duration misfireGrace, Duration shutdownGrace, int port, Duration leaseDuration) {

  public static final SchedulerConfig DEFAULT = new SchedulerConfig(false, null, null, null, null, 4,
      Duration.ofMinutes(10), Duration.ofMinutes(12), 9400, Duration.ofSeconds(60));
}
