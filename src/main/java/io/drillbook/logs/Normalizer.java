package io.drillbook.logs;

import java.util.regex.Pattern;

/** Makes messages that differ only in ids, addresses or counts compare equal. */
final class Normalizer {

  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern HEX_LITERAL = Pattern.compile("0[xX][0-9a-fA-F]+");
  // Hashes, object ids, trace ids: 8+ hex digits with at least one digit, not part of a longer word.
  private static final Pattern HEX_RUN = Pattern.compile("(?<![\\w])(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{8,}(?![\\w])");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private Normalizer() {}

  static String message(String message) {
    if (message == null) {
      return "";
    }
    String s = UUID.matcher(message).replaceAll("<uuid>");
    s = HEX_LITERAL.matcher(s).replaceAll("<hex>");
    s = HEX_RUN.matcher(s).replaceAll("<hex>");
    s = NUMBER.matcher(s).replaceAll("<n>");
    return SPACE.matcher(s).replaceAll(" ").strip();
  }
}
