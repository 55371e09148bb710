package io.drillbook.schedule;

import io.drillbook.time.Timing;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;

/**
 * Run in a child JVM by {@link ClusterRecoveryIT}: joins the cluster as instance {@code doomed}, schedules a drill
 * every second whose run never returns, prints {@code RUNNING <drill> <scheduled epoch millis> <recovering>} when the
 * run starts, and waits to be killed.
 */
public final class DoomedSchedulerMain {
  static final String INSTANCE = "doomed";
  static final String DRILL = "long-rollback";

  private DoomedSchedulerMain() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    DrillRunner blocksForever = (drill, when, recovering) -> {
      System.out.println("RUNNING " + drill + " " + when.toEpochMilli() + " " + recovering);
      System.out.flush();
      new CountDownLatch(1).await();
      return "PASS";
    };
    DrillScheduler drills = DrillScheduler.create(
        SchedulerOptions.jdbc(url, user, null).withInstanceId(INSTANCE)
            .withClusterCheckinInterval(Duration.ofSeconds(1)),
        blocksForever, (drill, when, why) -> System.out.println("MISSED " + drill + " " + when + " " + why), Timing.system());
    drills.register(ScheduleSpec.of(DRILL, "*/1 * * * * ?", ZoneOffset.UTC));
    drills.start();
    // Quartz's threads are daemons; keep the JVM alive until the test kills it.
    Thread.currentThread().join();
  }
}
