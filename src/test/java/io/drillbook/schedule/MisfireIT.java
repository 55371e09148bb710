package io.drillbook.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drillbook.time.Timing;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One scheduler is created in standby, given two drills whose only fire is two seconds away, and started only
 * after that fire plus the 1 s misfire threshold has passed: the scheduler was down at the fire time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MisfireIT {
  private final RecordingRunner runner = RecordingRunner.instant();
  private final RecordingMissed missed = new RecordingMissed();
  private PgSchema schema;
  private DrillScheduler drills;
  private Instant fireTime;

  @BeforeAll
  void startLateAfterTheOnlyFire() throws Exception {
    schema = PgSchema.create();
    drills = DrillScheduler.create(
        schema.options("late").withMisfireThreshold(Duration.ofSeconds(1)), runner, missed, Timing.system());
    fireTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
    String once = onlyAt(fireTime);
    drills.register(ScheduleSpec.of("run-once-drill", once, ZoneOffset.UTC).withMisfireGrace(Duration.ofSeconds(1)));
    drills.register(ScheduleSpec.of("skip-drill", once, ZoneOffset.UTC)
        .withMisfirePolicy(MisfirePolicy.SKIP).withMisfireGrace(Duration.ofSeconds(1)));

    Instant startAt = fireTime.plusMillis(2500);
    await().pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(6))
        .until(() -> Instant.now().isAfter(startAt));
    assertThat(runner.calls).isEmpty();
    drills.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> missed.missed.size() >= 2 && !runner.calls.isEmpty());
  }

  @AfterAll
  void stop() throws Exception {
    if (drills != null) {
      drills.close(Duration.ofSeconds(5));
    }
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void runOncePolicyRunsTheMissedFireOnceAndRecordsIt() {
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30))
        .until(() -> runner.callsFor("run-once-drill").size() == 1);
    assertThat(runner.callsFor("run-once-drill").get(0).scheduledFireTime()).isAfter(fireTime);
    assertThat(missed.missedFor("run-once-drill")).singleElement().satisfies(m -> {
      assertThat(m.scheduledFireTime()).isEqualTo(fireTime);
      assertThat(m.why()).isEqualTo("scheduler was down at the fire time; policy run-once: running it now");
    });
  }

  @Test
  void skipPolicyDoesNotRunTheMissedFireButRecordsIt() {
    assertThat(missed.missedFor("skip-drill")).singleElement().satisfies(m -> {
      assertThat(m.scheduledFireTime()).isEqualTo(fireTime);
      assertThat(m.why()).isEqualTo("scheduler was down at the fire time; policy skip");
    });
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30))
        .until(() -> runner.callsFor("skip-drill").isEmpty());
  }

  /** A cron expression whose only fire is {@code at} (UTC), year included. */
  private static String onlyAt(Instant at) {
    ZonedDateTime t = at.atZone(ZoneOffset.UTC);
    return String.format("%d %d %d %d %d ? %d", t.getSecond(), t.getMinute(), t.getHour(), t.getDayOfMonth(),
        t.getMonthValue(), t.getYear());
  }
}
