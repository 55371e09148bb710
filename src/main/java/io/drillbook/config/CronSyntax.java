package io.drillbook.config;

import java.util.Optional;

/**
 * Checks a drill's {@code schedule:} cron expression with the scheduler's own parser, so the config names a bad one
 * at its line before anything runs. The scheduler provides it; the config does not know which scheduler it is.
 */
@FunctionalInterface
public interface CronSyntax {

  /** Why {@code cron} is not a valid expression, or empty when it is. */
  Optional<String> problem(String cron);
}
