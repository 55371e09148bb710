package io.drillbook.schedule;

import io.drillbook.config.CronSyntax;
import java.text.ParseException;
import java.util.Optional;
import org.quartz.CronExpression;

/** Quartz's own cron parser, for the config to check {@code schedule:} values with. */
public final class QuartzCron implements CronSyntax {
  public static final QuartzCron SYNTAX = new QuartzCron();

  private QuartzCron() {}

  @Override
  public Optional<String> problem(String cron) {
    if (CronExpression.isValidExpression(cron)) {
      return Optional.empty();
    }
    try {
      CronExpression.validateExpression(cron);
      return Optional.of("");
    } catch (ParseException e) {
      return Optional.of(e.getMessage());
    }
  }
}
