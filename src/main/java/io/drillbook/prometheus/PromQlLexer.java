package io.drillbook.prometheus;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits PromQL into tokens, just enough to tell vector selectors apart from everything else. It does not parse:
 * Prometheus itself still judges whether the expression is valid.
 */
final class PromQlLexer {
  enum Kind {
    IDENTIFIER, NUMBER, STRING, LEFT_PAREN, RIGHT_PAREN, LEFT_BRACE, RIGHT_BRACE, LEFT_BRACKET, RIGHT_BRACKET, COMMA,
    COLON, OPERATOR, AT
  }

  record Token(Kind kind, String text, int start, int end) {
  }

  private PromQlLexer() {
  }

  static List<Token> tokenize(String query) {
    List<Token> tokens = new ArrayList<>();
    int bracketDepth = 0;
    int i = 0;
    int n = query.length();
    while (i < n) {
      char c = query.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '#') {
        while (i < n && query.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      int start = i;
      Kind kind;
      if (c == '"' || c == '\'' || c == '`') {
        i = endOfString(query, i);
        kind = Kind.STRING;
      } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(query.charAt(i + 1)))) {
        i = endOfNumber(query, i);
        kind = Kind.NUMBER;
      } else if (c == ':' && bracketDepth > 0) {
        // Inside [5m:1m] the colon separates range and step; elsewhere it may start a recording-rule name.
        i++;
        kind = Kind.COLON;
      } else if (isIdentifierStart(c)) {
        while (i < n && isIdentifierPart(query.charAt(i))) {
          i++;
        }
        kind = Kind.IDENTIFIER;
      } else {
        i++;
        switch (c) {
          case '(' -> kind = Kind.LEFT_PAREN;
          case ')' -> kind = Kind.RIGHT_PAREN;
          case '{' -> kind = Kind.LEFT_BRACE;
          case '}' -> kind = Kind.RIGHT_BRACE;
          case '[' -> {
            bracketDepth++;
            kind = Kind.LEFT_BRACKET;
          }
          case ']' -> {
            bracketDepth = Math.max(0, bracketDepth - 1);
            kind = Kind.RIGHT_BRACKET;
          }
          case ',' -> kind = Kind.COMMA;
          case '@' -> kind = Kind.AT;
          case '+', '-', '*', '/', '%', '^' -> kind = Kind.OPERATOR;
          case '=', '<', '>' -> {
            if (i < n && (query.charAt(i) == '=' || (c == '=' && query.charAt(i) == '~'))) {
              i++;
            }
            kind = Kind.OPERATOR;
          }
          case '!' -> {
            if (i < n && (query.charAt(i) == '=' || query.charAt(i) == '~')) {
              i++;
              kind = Kind.OPERATOR;
            } else {
              throw new IllegalArgumentException("unexpected '!' at position " + start + " in PromQL: " + query);
            }
          }
          default -> throw new IllegalArgumentException(
              "unexpected character '" + c + "' at position " + start + " in PromQL: " + query);
        }
      }
      tokens.add(new Token(kind, query.substring(start, i), start, i));
    }
    return tokens;
  }

  /** The text a string token stands for, with its quotes removed and escapes resolved. */
  static String unquote(String literal) {
    char quote = literal.charAt(0);
    String body = literal.substring(1, literal.length() - 1);
    if (quote == '`') {
      return body;
    }
    StringBuilder out = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\' || i + 1 == body.length()) {
        out.append(c);
        continue;
      }
      char e = body.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'x' -> {
          out.append((char) Integer.parseInt(body.substring(i + 1, i + 3), 16));
          i += 2;
        }
        case 'u' -> {
          out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(e);
      }
    }
    return out.toString();
  }

  private static int endOfString(String query, int open) {
    char quote = query.charAt(open);
    int i = open + 1;
    while (i < query.length()) {
      char c = query.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2;
        continue;
      }
      if (c == quote) {
        return i + 1;
      }
      i++;
    }
    throw new IllegalArgumentException("unterminated string starting at position " + open + " in PromQL: " + query);
  }

  private static int endOfNumber(String query, int start) {
    int i = start;
    while (i < query.length()) {
      char c = query.charAt(i);
      if (isDigit(c) || Character.isLetter(c) || c == '_' || c == '.') {
        i++;
      } else if ((c == '+' || c == '-') && isExponent(query, start, i)) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  // A sign belongs to the number only right after the 'e' of a decimal exponent (1e-3), not after a duration (5m-1).
  private static boolean isExponent(String query, int start, int signAt) {
    char before = query.charAt(signAt - 1);
    if (before != 'e' && before != 'E') {
      return false;
    }
    for (int i = start; i < signAt - 1; i++) {
      char c = query.charAt(i);
      if (!isDigit(c) && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c);
  }
}
