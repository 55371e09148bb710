package io.drillbook.schedule;

import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * The Quartz job behind every drill run. Quartz instantiates it by class name, so it is public; it is not meant
 * to be used directly. One drill never runs twice at once, on this instance or across the cluster.
 */
@DisallowConcurrentExecution
public final class DrillJob implements Job {
  static final String DRILL_NAME = "drillName";
  static final String RUNNER = "io.drillbook.schedule.DrillRunner";

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    String drill = context.getMergedJobDataMap().getString(DRILL_NAME);
    DrillRunner runner;
    try {
      runner = (DrillRunner) context.getScheduler().getContext().get(RUNNER);
    } catch (SchedulerException e) {
      throw new JobExecutionException("drill '" + drill + "': cannot read the scheduler context", e, false);
    }
    if (runner == null) {
      throw new JobExecutionException("drill '" + drill + "': no DrillRunner in the scheduler context", false);
    }
    Instant scheduled = context.getScheduledFireTime().toInstant();
    try {
      context.setResult(runner.run(drill, scheduled, context.isRecovering()));
    } catch (Exception e) {
      // Never refire: a drill touches a real deployment, a retry is a new decision, not Quartz's.
      throw new JobExecutionException("drill '" + drill + "' failed: " + e, e, false);
    }
  }
}
