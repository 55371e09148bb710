package io.drillbook.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads thresholds out of prose such as "p95 checkout latency is above 1.5 s" or "Pod memory >85% limit". */
final class ThresholdText {

  /** A threshold without its row: what one phrase of prose states. */
  record Stated(String metric, String comparator, double value, String unit, String qualifier) {}

  private static final Pattern THRESHOLD = Pattern.compile(
      "(?<cmp>>=|≥|<=|≤|>|<"
          + "|\\b(?:is\\s+|are\\s+|goes\\s+|stays\\s+)?(?:greater|more|higher|less|lower|fewer)\\s+than(?:\\s+or\\s+equal\\s+to)?"
          + "|\\b(?:is\\s+|are\\s+|goes\\s+|stays\\s+)?(?:above|over|exceeds?|exceeding|below|under|at\\s+least|at\\s+most)\\b)"
          + "\\s*(?<num>\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+)"
          + "\\s*(?<unit>%|percent(?![a-z])|millis(?:econds?)?(?![a-z])|msecs?(?![a-z])|ms(?![a-z])"
          + "|seconds?(?![a-z])|secs?(?![a-z])|s(?![a-z]))",
      Pattern.CASE_INSENSITIVE);

  private static final Pattern QUALIFIER = Pattern.compile(
      "^\\s*(?:of\\s+(?:the\\s+|its\\s+|their\\s+)?(?:(?:pod|container|cpu|memory)\\s+)?)?"
          + "(limits?|quotas?|requests?|capacity)\\b",
      Pattern.CASE_INSENSITIVE);

  /** Leading words that say where, not what, e.g. the "Pod" in "Pod memory". */
  private static final Set<String> FILLER = Set.of(
      "the", "a", "an", "when", "if", "while", "fires", "triggers", "alert", "alerts", "pod", "pods", "container",
      "containers", "node", "nodes", "its", "their", "and", "or", "is", "are", "any", "average", "avg");

  /** Words after which the metric's name has ended and its scope begins ("error rate in handlers"). */
  private static final Pattern SCOPE = Pattern.compile("\\s(?:for|in|on|across|from|at|of\\s+all)\\s", Pattern.CASE_INSENSITIVE);

  private ThresholdText() {}

  /** Every threshold in {@code prose}; the metric of each is taken from the words just before its comparator. */
  static List<Stated> read(String prose) {
    List<Stated> out = new ArrayList<>();
    Matcher m = THRESHOLD.matcher(prose);
    int from = 0;
    while (m.find()) {
      String metric = metric(prose.substring(from, m.start()));
      Matcher q = QUALIFIER.matcher(prose.substring(m.end()));
      String qualifier = q.find() ? singular(q.group(1).toLowerCase(Locale.ROOT)) : null;
      out.add(new Stated(metric, comparator(m.group("cmp")), Double.parseDouble(m.group("num").replace(",", "")),
          unit(m.group("unit")), qualifier));
      from = m.end();
    }
    return out;
  }

  private static String metric(String before) {
    // Only the last clause names the metric: "Checkout degraded; p99 latency" -> "p99 latency".
    String clause = before.replaceAll(".*[;:,.!?]\\s", " ");
    Matcher scope = SCOPE.matcher(" " + clause + " ");
    if (scope.find()) {
      clause = (" " + clause + " ").substring(0, scope.start());
    }
    List<String> words = new ArrayList<>();
    for (String w : clause.toLowerCase(Locale.ROOT).split("[\\s()\\[\\]*_\"']+")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    while (!words.isEmpty() && FILLER.contains(words.get(0))) {
      words.remove(0);
    }
    while (!words.isEmpty() && FILLER.contains(words.get(words.size() - 1))) {
      words.remove(words.size() - 1);
    }
    return String.join(" ", words);
  }

  private static String comparator(String written) {
    String c = written.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
    if (c.equals(">=") || c.equals("≥") || c.endsWith("at least") || (c.contains("or equal")
        && (c.contains("greater") || c.contains("more") || c.contains("higher")))) {
      return ">=";
    }
    if (c.equals("<=") || c.equals("≤") || c.endsWith("at most") || c.contains("or equal")) {
      return "<=";
    }
    if (c.equals("<") || c.matches(".*\\b(?:less|lower|fewer|below|under)\\b.*")) {
      return "<";
    }
    return ">";
  }

  private static String unit(String written) {
    String u = written.toLowerCase(Locale.ROOT);
    if (u.equals("%") || u.startsWith("percent")) {
      return "%";
    }
    if (u.startsWith("ms") || u.startsWith("milli")) {
      return "ms";
    }
    return "s";
  }

  private static String singular(String word) {
    return word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
  }
}
