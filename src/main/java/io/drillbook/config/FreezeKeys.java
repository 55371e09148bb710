package io.drillbook.config;

import static io.drillbook.config.ConfigValues.abbreviate;
import static io.drillbook.config.ConfigValues.present;
import static io.drillbook.config.ConfigValues.required;

import io.drillbook.freeze.FixedFreeze;
import io.drillbook.freeze.FreezeWindow;
import io.drillbook.freeze.RecurringFreeze;
import io.drillbook.freeze.WallClockCron;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code freezes:} list, top-level or a drill's: each entry a {@code name}, an optional {@code timezone}
 * (UTC, as for schedules) and either fixed {@code from}/{@code until} or a recurring {@code every}/{@code for}.
 */
final class FreezeKeys {
  private static final Set<String> KEYS = ConfigNode.keys("name", "timezone", "from", "until", "every", "for");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-_.A-Za-z0-9 ]*[A-Za-z0-9])?");

  private FreezeKeys() {}

  static List<FreezeWindow> freezes(ConfigNode node) throws ConfigException {
    List<FreezeWindow> windows = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigNode item : node.list()) {
      FreezeWindow w = freeze(item);
      if (!names.add(w.name())) {
        throw item.error("a freeze named '" + w.name() + "' is declared twice");
      }
      windows.add(w);
    }
    return windows;
  }

  private static FreezeWindow freeze(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(KEYS);
    String name = ConfigValues.matching(required(node, keys, "name"), NAME,
        "letters, digits, spaces, dots, dashes and underscores, e.g. year-end");
    ZoneId zone = ConfigValues.timezone(keys);
    boolean fixed = present(keys, "from") || present(keys, "until");
    boolean recurring = present(keys, "every") || present(keys, "for");
    if (fixed && recurring) {
      ConfigNode second = keys.get(present(keys, "every") ? "every" : "for");
      throw second.error("a freeze is either fixed (from/until) or recurring (every/for), not both");
    }
    if (!fixed && !recurring) {
      throw node.error("freeze '" + name + "' needs 'from' and 'until' (fixed dates) or 'every' and 'for' "
          + "(a recurring window)");
    }
    if (fixed) {
      ConfigNode fromNode = required(node, keys, "from");
      ConfigNode untilNode = required(node, keys, "until");
      LocalDateTime from = when(fromNode, false);
      LocalDateTime until = when(untilNode, true);
      try {
        return new FixedFreeze(name, zone, from, until);
      } catch (IllegalArgumentException e) {
        throw untilNode.error(e.getMessage());
      }
    }
    ConfigNode everyNode = required(node, keys, "every");
    WallClockCron every;
    try {
      every = WallClockCron.parse(everyNode.nonBlank());
    } catch (IllegalArgumentException e) {
      throw everyNode.error(e.getMessage());
    }
    return new RecurringFreeze(name, zone, every, required(node, keys, "for").duration());
  }

  /**
   * A date is the whole day: {@code from: 2026-12-21} starts at its first moment, {@code until: 2027-01-03} ends
   * with its last, so both dates are frozen. A local date-time ({@code 2026-12-24T18:00}) is that moment.
   */
  private static LocalDateTime when(ConfigNode node, boolean end) throws ConfigException {
    String text = node.nonBlank();
    try {
      if (text.length() == 10) {
        LocalDate day = LocalDate.parse(text);
        return end ? day.plusDays(1).atStartOfDay() : day.atStartOfDay();
      }
      return LocalDateTime.parse(text.replace(' ', 'T'));
    } catch (DateTimeParseException e) {
      throw node.error("'" + abbreviate(text) + "' is not a date (2026-12-21) or a local date-time "
          + "(2026-12-24T18:00) of the freeze's timezone");
    }
  }
}
