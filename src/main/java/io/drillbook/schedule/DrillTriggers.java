package io.drillbook.schedule;

import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/** How a drill looks to Quartz: one durable, recoverable job per drill, fired by its cron or an on-demand trigger. */
final class DrillTriggers {
  private DrillTriggers() {}

  static JobKey jobKey(String drill) {
    return JobKey.jobKey(drill, DrillScheduler.JOB_GROUP);
  }

  static JobDetail job(String drill) {
    return JobBuilder.newJob(DrillJob.class)
        .withIdentity(jobKey(drill))
        .withDescription("drillbook drill " + drill)
        .usingJobData(DrillJob.DRILL_NAME, drill)
        .storeDurably()
        .requestRecovery(true)
        .build();
  }

  static CronTrigger cron(ScheduleSpec spec) {
    CronScheduleBuilder schedule = CronScheduleBuilder.cronSchedule(spec.cron())
        .inTimeZone(TimeZone.getTimeZone(spec.timezone()));
    schedule = spec.misfirePolicy() == MisfirePolicy.SKIP
        ? schedule.withMisfireHandlingInstructionDoNothing()
        : schedule.withMisfireHandlingInstructionFireAndProceed();
    return TriggerBuilder.newTrigger()
        .withIdentity(cronKey(spec.drillName()))
        .forJob(jobKey(spec.drillName()))
        .withDescription("drillbook schedule of " + spec.drillName())
        .withSchedule(schedule)
        .build();
  }

  static TriggerKey cronKey(String drill) {
    return TriggerKey.triggerKey(drill, DrillScheduler.CRON_GROUP);
  }

  static Trigger now(String drill, TriggerKey key) {
    return TriggerBuilder.newTrigger()
        .withIdentity(key)
        .forJob(jobKey(drill))
        .withDescription("drillbook on-demand run of " + drill)
        .startNow()
        .build();
  }

  static boolean sameSchedule(CronTrigger a, CronTrigger b) {
    return a.getCronExpression().equals(b.getCronExpression())
        && a.getTimeZone().getID().equals(b.getTimeZone().getID())
        && a.getMisfireInstruction() == b.getMisfireInstruction()
        && a.getJobKey().equals(b.getJobKey());
  }
}
