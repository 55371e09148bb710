package io.drillbook.config;

import static io.drillbook.config.ConfigValues.abbreviate;
import static io.drillbook.config.ConfigValues.present;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a drill's schedule keys: {@code schedule} (Quartz cron), {@code timezone} and {@code misfire}. */
final class ScheduleKeys {
  private final CronSyntax cronSyntax;

  /** @param cronSyntax checks {@code schedule:} values with the scheduler's own cron parser */
  ScheduleKeys(CronSyntax cronSyntax) {
    this.cronSyntax = cronSyntax;
  }

  ScheduleConfig schedule(Map<String, ConfigNode> keys) throws ConfigException {
    if (!present(keys, "schedule")) {
      for (String key : List.of("timezone", "misfire")) {
        if (present(keys, key)) {
          throw keys.get(key).error("'" + key + "' needs a 'schedule'");
        }
      }
      return null;
    }
    ConfigNode cronNode = keys.get("schedule");
    String cron = cronNode.nonBlank();
    Optional<String> problem = cronSyntax.problem(cron);
    if (problem.isPresent()) {
      String why = problem.get().isEmpty() ? "" : ": " + problem.get();
      throw cronNode.error("'" + abbreviate(cron) + "' is not a Quartz cron expression (seconds minutes hours "
          + "day-of-month month day-of-week [year], e.g. '0 0 4 ? * MON')" + why);
    }
    ZoneId zone = ConfigValues.timezone(keys);
    boolean skip = false;
    if (present(keys, "misfire")) {
      String policy = keys.get("misfire").nonBlank();
      if (!policy.equals("run-once") && !policy.equals("skip")) {
        throw keys.get("misfire").error("expected run-once or skip, found '" + abbreviate(policy) + "'");
      }
      skip = policy.equals("skip");
    }
    return new ScheduleConfig(cron, zone, skip);
  }
}
