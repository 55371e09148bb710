package io.drillbook.cli;

/** Terminal-safe text: values from clusters and files must not move the cursor or recolour the screen. */
final class Text {
  private Text() {}

  static String printable(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      if (cp == '\n' || cp == '\r' || cp == '\t') {
        sb.append(' ');
      } else if (Character.isISOControl(cp)) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return sb.toString();
  }
}
