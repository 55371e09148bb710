package io.drillbook.cli;

/** Terminal-safe text: values from clusters and files must not move the cursor or recolour the screen. */
final class Text {
  /** Longer values (a 1 MB line in a runbook, say) are cut: a terminal line is for reading, the file has the rest. */
  static final int MAX_CODE_POINTS = 1000;

  private Text() {}

  static String printable(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_CODE_POINTS + 40));
    int[] shown = {0};
    s.codePoints().limit(MAX_CODE_POINTS).forEach(cp -> {
      shown[0]++;
      if (cp == '\n' || cp == '\r' || cp == '\t') {
        sb.append(' ');
      } else if (Character.isISOControl(cp)) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    long total = s.codePointCount(0, s.length());
    if (total > shown[0]) {
      sb.append("... (").append(total - shown[0]).append(" more characters)");
    }
    return sb.toString();
  }
}
