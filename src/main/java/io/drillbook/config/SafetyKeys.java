package io.drillbook.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads the safety keys: top-level {@code safety} and a drill's {@code stopWhen}. */
final class SafetyKeys {
  static final Set<String> SAFETY_KEYS = ConfigNode.keys("productionPatterns");
  static final Set<String> STOP_KEYS = ConfigNode.keys("healthFailingFor", "noRolloutProgressFor", "query",
      "interval");
  static final Set<String> QUERY_KEYS = ConfigNode.keys("promql", "above");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

  private SafetyKeys() {}

  static SafetyConfig safety(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(SAFETY_KEYS);
    ConfigNode list = keys.get("productionPatterns");
    if (list == null || list.isNull()) {
      return SafetyConfig.DEFAULT;
    }
    List<Pattern> patterns = new ArrayList<>();
    for (ConfigNode item : list.list()) {
      String regex = item.nonBlank();
      try {
        patterns.add(Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
      } catch (PatternSyntaxException e) {
        throw item.error("'" + shorten(regex) + "' is not a regular expression: " + e.getDescription()
            + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
      }
    }
    if (patterns.isEmpty()) {
      throw list.error("needs at least one pattern; the production guard cannot be switched off "
          + "(use allowProduction on a drill and --allow-production instead)");
    }
    return new SafetyConfig(patterns);
  }

  static StopConditions stopWhen(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(STOP_KEYS);
    Duration health = present(keys, "healthFailingFor") ? keys.get("healthFailingFor").duration() : null;
    Duration progress = present(keys, "noRolloutProgressFor") ? keys.get("noRolloutProgressFor").duration() : null;
    Duration interval = present(keys, "interval") ? keys.get("interval").duration() : StopConditions.DEFAULT_INTERVAL;
    StopConditions.Query query = null;
    if (present(keys, "query")) {
      ConfigNode q = keys.get("query");
      Map<String, ConfigNode> qk = q.mapping(QUERY_KEYS);
      if (!present(qk, "promql") || !present(qk, "above")) {
        throw q.error("needs both 'promql' and 'above'");
      }
      query = new StopConditions.Query(qk.get("promql").nonBlank(), number(qk.get("above")));
    }
    StopConditions stop = new StopConditions(health, progress, query, interval);
    if (stop.isEmpty()) {
      throw node.error("names no condition; give healthFailingFor, noRolloutProgressFor or query");
    }
    return stop;
  }

  private static double number(ConfigNode node) throws ConfigException {
    String text = node.nonBlank();
    if (text.length() <= 40 && NUMBER.matcher(text).matches()) {
      double value = Double.parseDouble(text);
      if (Double.isFinite(value)) {
        return value;
      }
    }
    throw node.error("expected a number, found '" + shorten(text) + "'");
  }

  private static boolean present(Map<String, ConfigNode> keys, String key) {
    return keys.containsKey(key) && !keys.get(key).isNull();
  }

  private static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
