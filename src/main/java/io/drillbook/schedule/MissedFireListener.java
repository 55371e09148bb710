package io.drillbook.schedule;

import io.drillbook.time.Timing;
import java.time.Instant;
import java.util.Date;
import org.quartz.CronTrigger;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears Quartz's misfires of drill triggers and hands each missed fire to the {@link MissedFireRecorder}, saying
 * why it was missed: the scheduler was down, or it could not fire in time.
 */
final class MissedFireListener extends TriggerListenerSupport {
  private static final int MAX_MISSED_ENTRIES_PER_MISFIRE = 100;
  private static final Logger log = LoggerFactory.getLogger(MissedFireListener.class);

  private final MissedFireRecorder recorder;
  private final Timing timing;
  private volatile Instant startedAt;

  MissedFireListener(MissedFireRecorder recorder, Timing timing) {
    this.recorder = recorder;
    this.timing = timing;
  }

  /** Notes the first start: fires before it were missed because the scheduler was down. */
  void schedulerStarting() {
    if (startedAt == null) {
      startedAt = timing.clock().instant();
    }
  }

  @Override
  public String getName() {
    return "drillbook-misfires";
  }

  @Override
  public void triggerMisfired(Trigger trigger) {
    if (DrillScheduler.JOB_GROUP.equals(trigger.getJobKey().getGroup())) {
      recordMissed(trigger);
    }
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
}
