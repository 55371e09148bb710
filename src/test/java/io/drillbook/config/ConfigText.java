package io.drillbook.config;

import io.drillbook.schedule.QuartzCron;
import java.io.StringReader;
import java.nio.file.Path;

/** Config text read as {@code drillbook.yaml} in a repository checked out at {@link #BASE}, as the tests write it. */
final class ConfigText {
  static final Path BASE = Path.of("/srv/drills-repo");

  private ConfigText() {}

  static DrillbookConfig parse(String yaml) throws ConfigException {
    return new ConfigLoader(QuartzCron.SYNTAX).parse("drillbook.yaml", new StringReader(yaml), BASE);
  }

  /** The refusal of {@code yaml}; fails the test when it is accepted. */
  static ConfigException refused(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("config was accepted:\n" + yaml);
  }

  /** The one-line message of {@link #refused}. */
  static String refusal(String yaml) {
    return refused(yaml).getMessage();
  }
}
