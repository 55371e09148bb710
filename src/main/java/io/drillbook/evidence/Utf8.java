package io.drillbook.evidence;

/** Code points of text already known to be valid UTF-8. */
final class Utf8 {

  private Utf8() {}

  /** How many bytes the sequence starting with {@code lead} takes. */
  static int length(byte lead) {
    if (lead >= 0) {
      return 1;
    }
    return (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
  }

  static int codePointAt(byte[] b, int i) {
    int lead = b[i];
    return switch (length(b[i])) {
      case 1 -> lead;
      case 2 -> (lead & 0x1F) << 6 | b[i + 1] & 0x3F;
      case 3 -> (lead & 0x0F) << 12 | (b[i + 1] & 0x3F) << 6 | b[i + 2] & 0x3F;
      default -> (lead & 0x07) << 18 | (b[i + 1] & 0x3F) << 12 | (b[i + 2] & 0x3F) << 6 | b[i + 3] & 0x3F;
    };
  }

  /** The code point ending just before {@code end}. */
  static int codePointBefore(byte[] b, int end) {
    int i = end - 1;
    while ((b[i] & 0xC0) == 0x80) {
      i--;
    }
    return codePointAt(b, i);
  }
}
