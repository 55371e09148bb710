package io.drillbook.schedule;

import java.util.Properties;

/** The Quartz configuration for a memory store or a (clustered) PostgreSQL store, from the scheduler options. */
final class QuartzProperties {
  private QuartzProperties() {}

  static Properties of(SchedulerOptions options, String dataSource, String schedulerName) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", schedulerName);
    p.setProperty("org.quartz.scheduler.instanceId", options.instanceId());
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(options.threadCount()));
    p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(options.misfireThreshold().toMillis()));
    if (options.store() == SchedulerOptions.Store.RAM) {
      p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
      return p;
    }
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", dataSource);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    // Job data holds only strings: nothing Java-serialized ends up in the database.
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(options.clustered()));
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval",
        Long.toString(options.clusterCheckinInterval().toMillis()));
    String ds = "org.quartz.dataSource." + dataSource + ".";
    p.setProperty(ds + "connectionProvider.class", HikariConnectionProvider.class.getName());
    p.setProperty(ds + "url", options.jdbcUrl());
    if (options.user() != null) {
      p.setProperty(ds + "user", options.user());
    }
    if (options.password() != null) {
      p.setProperty(ds + "password", options.password());
    }
    // Quartz's own advice: one connection per worker plus a few for its housekeeping threads.
    p.setProperty(ds + "maxConnections", Integer.toString(options.threadCount() + 3));
    p.setProperty(ds + "poolName", dataSource);
    return p;
  }
}
