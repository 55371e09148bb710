package io.drillbook.evidence;

/**
 * Turns an arbitrary string into inline markdown that renders as, and parses back to, exactly that string,
 * and cannot break out of the heading or table cell it is written into.
 */
final class MarkdownEscaper {

  /** The ASCII characters written backslash-escaped: everything that could start inline markdown or a cell. */
  static final String PUNCTUATION = "\\|`*_[]<>#&!~";

  private MarkdownEscaper() {}

  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    int n = value.length();
    for (int i = 0; i < n; ) {
      int cp = value.codePointAt(i);
      int len = Character.charCount(cp);
      boolean atEdge = i == 0 || i + len == n;
      if (cp == 0 || (len == 1 && Character.isSurrogate((char) cp))) {
        // CommonMark decodes &#0; to U+FFFD and UTF-8 cannot carry a lone surrogate; write what will be read.
        out.append('\uFFFD');
      } else if (needsReference(cp) || (atEdge && isSpace(cp))) {
        // Table cells and headings are trimmed, so edge spaces survive only as references.
        out.append("&#").append(cp).append(';');
      } else if (cp < 128 && PUNCTUATION.indexOf(cp) >= 0) {
        out.append('\\').append((char) cp);
      } else {
        out.appendCodePoint(cp);
      }
      i += len;
    }
    return out.toString();
  }

  /** Whether the writer writes {@code cp} as a numeric reference wherever it stands. */
  static boolean needsReference(int cp) {
    if (Character.isISOControl(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    // Line/paragraph separators and bidi overrides can make a viewer show text that is not there.
    return type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || cp == 0xFEFF
        || cp == 0x061C
        || cp == 0x200E
        || cp == 0x200F
        || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069);
  }

  /** Whether the writer writes {@code cp} as a numeric reference at the edge of a value. */
  static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }
}
