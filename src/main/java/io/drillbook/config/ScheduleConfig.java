package io.drillbook.config;

import java.time.ZoneId;
import java.util.Objects;

/**
 * When the scheduler runs a drill.
 *
 * @param cron Quartz cron expression (seconds first), e.g. {@code 0 0 4 ? * MON}
 * @param timezone the zone the expression is read in
 * @param skipMissed what to do with a fire missed while the scheduler was down: false runs it once on start,
 *     true skips it; both are recorded as MISSED entries
 */
public record ScheduleConfig(String cron, ZoneId timezone, boolean skipMissed) {
  public ScheduleConfig {
    Objects.requireNonNull(cron, "'cron' must not be null");
    Objects.requireNonNull(timezone, "'timezone' must not be null");
  }
}
