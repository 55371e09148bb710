package io.drillbook.schedule;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import org.quartz.CronExpression;

/**
 * When a drill runs.
 *
 * @param drillName the drill, also the Quartz job name
 * @param cron a Quartz cron expression (seconds first, e.g. {@code 0 0 3 ? * MON-FRI})
 * @param timezone the zone the cron expression is read in
 * @param misfirePolicy what to do with a missed fire (default {@link MisfirePolicy#RUN_ONCE})
 * @param misfireGrace how late a fire may be before it counts as missed (default 10 minutes); Quartz applies one
 *     threshold per scheduler, so {@link SchedulerOptions#misfireThreshold()} is what is enforced
 */
public record ScheduleSpec(String drillName, String cron, ZoneId timezone, MisfirePolicy misfirePolicy,
    Duration misfireGrace) {
  /** The grace used when none is given. */
  public static final Duration DEFAULT_MISFIRE_GRACE = Duration.ofMinutes(10);

  public ScheduleSpec {
    if (drillName == null || drillName.isBlank()) {
      throw new IllegalArgumentException("a schedule needs a drill name");
    }
    Objects.requireNonNull(timezone, "timezone");
    if (cron == null || !CronExpression.isValidExpression(cron)) {
      throw new IllegalArgumentException(
          "drill '" + drillName + "': invalid Quartz cron expression '" + cron + "'");
    }
    misfirePolicy = misfirePolicy == null ? MisfirePolicy.RUN_ONCE : misfirePolicy;
    misfireGrace = misfireGrace == null ? DEFAULT_MISFIRE_GRACE : misfireGrace;
    if (misfireGrace.isNegative() || misfireGrace.isZero()) {
      throw new IllegalArgumentException("drill '" + drillName + "': misfire grace must be positive");
    }
  }

  /** A spec with the default misfire policy and grace. */
  public static ScheduleSpec of(String drillName, String cron, ZoneId timezone) {
    return new ScheduleSpec(drillName, cron, timezone, null, null);
  }

  /** This spec with another misfire policy. */
  public ScheduleSpec withMisfirePolicy(MisfirePolicy policy) {
    return new ScheduleSpec(drillName, cron, timezone, policy, misfireGrace);
  }

  /** This spec with another misfire grace. */
  public ScheduleSpec withMisfireGrace(Duration grace) {
    return new ScheduleSpec(drillName, cron, timezone, misfirePolicy, grace);
  }
}
