package io.drillbook.prometheus;

import io.drillbook.prometheus.PromQlLexer.Kind;
import io.drillbook.prometheus.PromQlLexer.Token;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Rewrites PromQL expressions so that every vector selector in them is narrowed to one target. */
public final class PromQl {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** Keywords followed by a parenthesised list of label names, never selectors. */
  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  private static final Set<String> KEYWORDS = Set.of(
      "bool", "offset", "and", "or", "unless", "atan2",
      "sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values",
      "quantile", "limitk", "limit_ratio",
      "inf", "nan");

  private PromQl() {
  }

  /**
   * Adds label matchers to every vector selector in {@code query}, so that {@code rate(errors_total[5m])} becomes
   * {@code rate(errors_total{namespace="x"}[5m])} and {@code up{job="a"}} becomes {@code up{job="a", namespace="x"}}.
   * Function names, keywords, numbers, durations, strings and the label names of {@code by (...)}, {@code on (...)}
   * and the like are left alone.
   *
   * <p>Each key is a label name, optionally followed by the match operator: {@code "namespace"} (equality),
   * {@code "deployment=~"}, {@code "pod!="} or {@code "pod!~"}. Each value is taken literally and quoted and escaped
   * as a PromQL string (a regex value is the regex itself, with no extra escaping of its metacharacters). Matchers
   * are written in label-name order so the result is stable. A selector that already matches the same label keeps
   * its own matcher too; both must then hold.
   *
   * @throws IllegalArgumentException if a key is not a valid label name and operator, or the expression cannot be
   *     tokenized (an unterminated string, brace or bracket, or a character PromQL does not use)
   */
  public static String scope(String query, Map<String, String> matchers) {
    Objects.requireNonNull(query, "'query' must not be null");
    Objects.requireNonNull(matchers, "'matchers' must not be null");
    if (matchers.isEmpty()) {
      return query;
    }
    String rendered = render(matchers);
    List<Token> tokens = PromQlLexer.tokenize(query);
    List<Insertion> insertions = new ArrayList<>();
    for (Selector selector : selectors(query, tokens)) {
      if (selector.closeBrace() < 0) {
        insertions.add(new Insertion(tokens.get(selector.nameToken()).end(), "{" + rendered + "}"));
        continue;
      }
      Token before = tokens.get(selector.closeBrace() - 1);
      String text = switch (before.kind()) {
        case LEFT_BRACE -> rendered;
        case COMMA -> " " + rendered;
        default -> ", " + rendered;
      };
      insertions.add(new Insertion(before.end(), text));
    }
    StringBuilder out = new StringBuilder(query);
    insertions.sort(Comparator.comparingInt(Insertion::at).reversed());
    for (Insertion insertion : insertions) {
      out.insert(insertion.at(), insertion.text());
    }
    return out.toString();
  }

  /**
   * A condition an alerting expression states against a number, written with the expression on the left:
   * {@code 0.05 < rate(x[5m])} reads as {@code > 0.05}.
   *
   * @param comparator one of {@code >}, {@code >=}, {@code <}, {@code <=}, {@code ==}, {@code !=}
   */
  public record Condition(String comparator, double value) {}

  private static final Set<String> COMPARATORS = Set.of(">", ">=", "<", "<=", "==", "!=");

  /**
   * The comparisons against a number literal at the top level of {@code query} (outside every parenthesis, brace
   * and bracket): {@code sum(rate(errors[5m])) / sum(rate(requests[5m])) > 0.1} states {@code > 0.1}. A comparison
   * with the {@code bool} modifier filters nothing and is left out, as are comparisons inside functions.
   *
   * @throws IllegalArgumentException if the expression cannot be tokenized
   */
  public static List<Condition> conditions(String query) {
    Objects.requireNonNull(query, "'query' must not be null");
    List<Token> tokens = PromQlLexer.tokenize(query);
    List<Condition> out = new ArrayList<>();
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      switch (t.kind()) {
        case LEFT_PAREN, LEFT_BRACE, LEFT_BRACKET -> depth++;
        case RIGHT_PAREN, RIGHT_BRACE, RIGHT_BRACKET -> depth--;
        default -> {
        }
      }
      if (depth != 0 || t.kind() != Kind.OPERATOR || !COMPARATORS.contains(t.text())) {
        continue;
      }
      Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
      if (next != null && next.kind() == Kind.IDENTIFIER && next.text().equals("bool")) {
        continue;
      }
      Double right = number(tokens, i + 1, true);
      if (right != null) {
        out.add(new Condition(t.text(), right));
        continue;
      }
      Double left = number(tokens, i - 1, false);
      if (left != null) {
        out.add(new Condition(mirrored(t.text()), left));
      }
    }
    return out;
  }

  /** A number literal (signed) standing alone as one operand of a comparison, or null. */
  private static Double number(List<Token> tokens, int at, boolean afterOperator) {
    if (at < 0 || at >= tokens.size()) {
      return null;
    }
    int i = at;
    double sign = 1;
    if (afterOperator && tokens.get(i).kind() == Kind.OPERATOR && tokens.get(i).text().equals("-")
        && i + 1 < tokens.size()) {
      sign = -1;
      i++;
    }
    Token t = tokens.get(i);
    if (t.kind() != Kind.NUMBER) {
      return null;
    }
    // The literal must be the whole operand: comparisons bind tighter than and/or/unless, looser than arithmetic.
    if (afterOperator) {
      Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
      if (!(after == null || isSetOperator(after))) {
        return null;
      }
    } else {
      Token before = i - 1 >= 0 ? tokens.get(i - 1) : null;
      if (before != null && before.kind() == Kind.OPERATOR && before.text().equals("-")) {
        sign = -1;
        before = i - 2 >= 0 ? tokens.get(i - 2) : null;
      }
      if (!(before == null || isSetOperator(before))) {
        return null;
      }
    }
    try {
      return sign * Double.parseDouble(t.text().replace("_", ""));
    } catch (NumberFormatException e) {
      return null; // Hex and duration literals are not thresholds.
    }
  }

  private static boolean isSetOperator(Token t) {
    return t.kind() == Kind.IDENTIFIER && Set.of("and", "or", "unless").contains(t.text());
  }

  private static String mirrored(String comparator) {
    return switch (comparator) {
      case ">" -> "<";
      case ">=" -> "<=";
      case "<" -> ">";
      case "<=" -> ">=";
      default -> comparator;
    };
  }

  /**
   * The metric names that the vector selectors of {@code query} name, either bare or as {@code __name__="..."}, in
   * order of first appearance. Regex name matchers are not expanded.
   *
   * @throws IllegalArgumentException if the expression cannot be tokenized
   */
  public static Set<String> metricNames(String query) {
    Objects.requireNonNull(query, "'query' must not be null");
    List<Token> tokens = PromQlLexer.tokenize(query);
    Set<String> names = new LinkedHashSet<>();
    for (Selector selector : selectors(query, tokens)) {
      if (selector.nameToken() >= 0) {
        names.add(tokens.get(selector.nameToken()).text());
      }
      if (selector.openBrace() < 0) {
        continue;
      }
      for (int i = selector.openBrace() + 1; i + 2 < selector.closeBrace(); i++) {
        if (tokens.get(i).text().equals("__name__") && tokens.get(i + 1).text().equals("=")
            && tokens.get(i + 2).kind() == Kind.STRING) {
          names.add(PromQlLexer.unquote(tokens.get(i + 2).text()));
        }
      }
    }
    return names;
  }

  /** A vector selector: its metric name token (or -1) and its brace tokens (or -1 when it has none). */
  private record Selector(int nameToken, int openBrace, int closeBrace) {
  }

  private record Insertion(int at, String text) {
  }

  private static List<Selector> selectors(String query, List<Token> tokens) {
    List<Selector> selectors = new ArrayList<>();
    int i = 0;
    while (i < tokens.size()) {
      Token token = tokens.get(i);
      Kind next = i + 1 < tokens.size() ? tokens.get(i + 1).kind() : null;
      switch (token.kind()) {
        case IDENTIFIER -> {
          String word = token.text().toLowerCase(Locale.ROOT);
          if (next == Kind.LEFT_BRACE) {
            int close = matching(query, tokens, i + 1, Kind.LEFT_BRACE, Kind.RIGHT_BRACE);
            selectors.add(new Selector(i, i + 1, close));
            i = close + 1;
          } else if (LABEL_LIST_KEYWORDS.contains(word) && next == Kind.LEFT_PAREN) {
            i = matching(query, tokens, i + 1, Kind.LEFT_PAREN, Kind.RIGHT_PAREN) + 1;
          } else if (LABEL_LIST_KEYWORDS.contains(word) || KEYWORDS.contains(word) || next == Kind.LEFT_PAREN) {
            i++;
          } else {
            selectors.add(new Selector(i, -1, -1));
            i++;
          }
        }
        case LEFT_BRACE -> {
          int close = matching(query, tokens, i, Kind.LEFT_BRACE, Kind.RIGHT_BRACE);
          selectors.add(new Selector(-1, i, close));
          i = close + 1;
        }
        // Ranges, subquery steps and offsets inside [...] hold durations only.
        case LEFT_BRACKET -> i = matching(query, tokens, i, Kind.LEFT_BRACKET, Kind.RIGHT_BRACKET) + 1;
        default -> i++;
      }
    }
    return selectors;
  }

  private static int matching(String query, List<Token> tokens, int open, Kind opening, Kind closing) {
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      Kind kind = tokens.get(i).kind();
      if (kind == opening) {
        depth++;
      } else if (kind == closing && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed '" + tokens.get(open).text() + "' at position "
        + tokens.get(open).start() + " in PromQL: " + query);
  }

  private static String render(Map<String, String> matchers) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> entry : new TreeMap<>(matchers).entrySet()) {
      String key = entry.getKey();
      String operator = "=";
      for (String op : List.of("=~", "!=", "!~")) {
        if (key.endsWith(op)) {
          operator = op;
          key = key.substring(0, key.length() - op.length());
          break;
        }
      }
      if (!LABEL_NAME.matcher(key).matches()) {
        throw new IllegalArgumentException("not a label name (optionally followed by =~, != or !~): '"
            + entry.getKey() + "'");
      }
      Objects.requireNonNull(entry.getValue(), () -> "matcher value for '" + entry.getKey() + "' must not be null");
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append(key).append(operator).append(quote(entry.getValue()));
    }
    return out.toString();
  }

  /** {@code value} as a double-quoted PromQL string literal. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
