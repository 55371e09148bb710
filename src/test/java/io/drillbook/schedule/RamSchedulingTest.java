package io.drillbook.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.drillbook.time.Timing;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RamSchedulingTest {
  private static final ZoneId UTC = ZoneId.of("UTC");

  @Test
  void everySecondCronFiresTheRunnerRepeatedly() throws Exception {
    RecordingRunner runner = RecordingRunner.instant();
    try (DrillScheduler drills = DrillScheduler.create(SchedulerOptions.ram(), runner, new RecordingMissed(), Timing.system())) {
      drills.register(ScheduleSpec.of("tick", "*/1 * * * * ?", UTC));
      drills.start();

      await().atMost(Duration.ofSeconds(10)).until(() -> runner.callsFor("tick").size() >= 3);
      assertThat(runner.callsFor("tick")).allSatisfy(c -> assertThat(c.recovering()).isFalse());
      assertThat(runner.callsFor("tick")).extracting(RecordingRunner.Call::scheduledFireTime)
          .doesNotHaveDuplicates()
          .allSatisfy(t -> assertThat(t.getNano()).isZero());
      assertThat(drills.nextFireTimes()).containsKey("tick");
    }
  }

  @Test
  void aSlowRunNeverOverlapsTheNextFireOfTheSameDrill() throws Exception {
    RecordingRunner runner = new RecordingRunner(Duration.ofSeconds(2), "PASS");
    try (DrillScheduler drills = DrillScheduler.create(SchedulerOptions.ram(), runner, new RecordingMissed(), Timing.system())) {
      drills.register(ScheduleSpec.of("slow", "*/1 * * * * ?", UTC));
      drills.start();

      assertThat(drills.awaitCompletedRuns(2, Duration.ofSeconds(10))).isTrue();
      assertThat(runner.maxInFlight()).isEqualTo(1);
    }
  }

  @Test
  void fireNowCompletesWithThatRunsVerdict() throws Exception {
    DrillRunner runner = (drill, when, recovering) -> drill.equals("red") ? "FAIL" : "PASS";
    try (DrillScheduler drills = DrillScheduler.create(SchedulerOptions.ram(), runner, new RecordingMissed(), Timing.system())) {
      drills.register(ScheduleSpec.of("green", "0 0 3 * * ?", UTC));
      drills.start();

      var green = drills.fireNow("green", Duration.ofSeconds(10));
      var red = drills.fireNow("red", Duration.ofSeconds(10));

      assertThat(red.get(10, TimeUnit.SECONDS)).isEqualTo("FAIL");
      assertThat(green.get(10, TimeUnit.SECONDS)).isEqualTo("PASS");
      assertThat(drills.completedRuns()).isEqualTo(2);
    }
  }

  @Test
  void fireNowCompletesExceptionallyWhenTheRunnerThrows() throws Exception {
    DrillRunner runner = (drill, when, recovering) -> {
      throw new IllegalStateException("cluster unreachable");
    };
    try (DrillScheduler drills = DrillScheduler.create(SchedulerOptions.ram(), runner, new RecordingMissed(), Timing.system())) {
      drills.start();

      var run = drills.fireNow("boom", Duration.ofSeconds(10));

      assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasRootCauseMessage("cluster unreachable");
      // Not refired: exactly one execution.
      assertThat(drills.awaitCompletedRuns(2, Duration.ofMillis(500))).isFalse();
    }
  }

  @Test
  void anInvalidCronIsRefusedNamingTheDrillAndTheExpression() {
    assertThatThrownBy(() -> ScheduleSpec.of("payments-rollback", "every monday", UTC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payments-rollback")
        .hasMessageContaining("every monday");
  }

  @Test
  void registeringTheSameSpecAgainChangesNothingAndAChangedSpecReplacesTheTrigger() {
    try (DrillScheduler drills =
        DrillScheduler.create(SchedulerOptions.ram(), RecordingRunner.instant(), new RecordingMissed(), Timing.system())) {
      ScheduleSpec spec = ScheduleSpec.of("nightly", "0 0 3 * * ?", ZoneId.of("Europe/Berlin"));

      assertThat(drills.register(spec)).isTrue();
      assertThat(drills.register(spec)).isFalse();
      assertThat(drills.register(spec.withMisfirePolicy(MisfirePolicy.SKIP))).isTrue();
      assertThat(drills.nextFireTimes()).containsOnlyKeys("nightly");
    }
  }

  @Test
  void optionsNeverShowThePassword() {
    SchedulerOptions options = SchedulerOptions.jdbc("jdbc:postgresql://db/x", "drillbook", "s3cret");

    assertThat(options.toString()).doesNotContain("s3cret").contains("password=****");
    assertThat(options.clustered()).isTrue();
    assertThat(options.instanceId()).isEqualTo("AUTO");
    assertThat(options.threadCount()).isEqualTo(4);
  }

  @Test
  void runUntilStopsAfterTheRequestedNumberOfCompletedRuns() throws Exception {
    RecordingRunner runner = RecordingRunner.instant();
    DrillScheduler drills = DrillScheduler.create(SchedulerOptions.ram(), runner, new RecordingMissed(), Timing.system());
    drills.register(ScheduleSpec.of("smoke", "*/1 * * * * ?", UTC));

    assertThat(drills.runUntil(2, Duration.ofSeconds(10))).isTrue();
    int afterStop = runner.calls.size();
    assertThat(afterStop).isGreaterThanOrEqualTo(2);
    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(30))
        .until(() -> runner.calls.size() == afterStop);
  }

  @Test
  void closeReportsDrillsStillRunningAfterTheGrace() throws Exception {
    RecordingRunner runner = new RecordingRunner(Duration.ofSeconds(3), "PASS");
    DrillScheduler drills = DrillScheduler.create(SchedulerOptions.ram(), runner, new RecordingMissed(), Timing.system());
    drills.start();
    drills.fireNow("long", Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(5)).until(() -> runner.calls.size() == 1);

    assertThat(drills.close(Duration.ofMillis(200))).isFalse();
  }
}
