package io.drillbook.evidence;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The tamper-evidence rules of an evidence log, in one place so {@code audit verify} checks exactly what
 * the writer produced.
 *
 * <p><b>Canonical text</b>: split on {@code \n}; remove every {@code \r}; strip trailing spaces and tabs
 * from each line; drop leading and trailing blank lines; join with {@code \n}.
 *
 * <p><b>Chain</b>: every entry ends with {@code <!-- drillbook:chain v1 prev=P hash=H -->}. {@code P} is
 * the {@code H} of the previous drillbook entry, or for the first entry {@link #preambleHash} of all text
 * before it. {@code H = sha256("drillbook-entry-v1\n" + P + "\n" + canonical(entry text))}, where the entry
 * text runs from its {@code ## } heading up to, not including, the chain line. Hashes are lowercase hex.
 */
public final class EntryChain {

  static final String DOMAIN = "drillbook-entry-v1\n";
  static final Pattern CHAIN_LINE =
      Pattern.compile("<!-- drillbook:chain v1 prev=([0-9a-f]{64}) hash=([0-9a-f]{64}) -->");
  private static final String CHAIN_PREFIX = "<!-- drillbook:chain v1 prev=";
  private static final String CHAIN_MIDDLE = " hash=";
  private static final String CHAIN_SUFFIX = " -->";
  private static final int CHAIN_LENGTH = CHAIN_PREFIX.length() + 64 + CHAIN_MIDDLE.length() + 64 + CHAIN_SUFFIX.length();

  /** The two hashes of a chain line. */
  record Link(String prev, String hash) {}

  private EntryChain() {}

  /** The canonical form of {@code text} (see class documentation). */
  public static String canonical(String text) {
    StringBuilder out = new StringBuilder(text.length());
    Canonicalizer c = Canonicalizer.collecting(out);
    for (String line : text.split("\n", -1)) {
      c.line(line);
    }
    return out.toString();
  }

  /** SHA-256 of the canonical form of the text preceding the first entry; the first entry's {@code prev}. */
  public static String preambleHash(String text) {
    return hash("", List.of(text.split("\n", -1)));
  }

  /** The chain hash of an entry whose text (heading up to, not including, the chain line) is given. */
  public static String entryHash(String prev, String entryText) {
    return entryHash(prev, List.of(entryText.split("\n", -1)));
  }

  static String entryHash(String prev, List<String> entryLines) {
    if (!isHash(prev)) {
      throw new IllegalArgumentException("prev is not a lowercase SHA-256 hex digest: " + prev);
    }
    return hash(DOMAIN + prev + "\n", entryLines);
  }

  /** As {@link #entryHash(String, List)} for the first {@code lines} lines of an entry read as bytes. */
  static String entryHash(String prev, EntryText text, int lines) {
    int end = text.canonicalEnd(lines);
    if (end < 0) {
      return entryHash(prev, text.lines(0, lines));
    }
    if (!isHash(prev)) {
      throw new IllegalArgumentException("prev is not a lowercase SHA-256 hex digest: " + prev);
    }
    return Canonicalizer.hex(DOMAIN + prev + "\n", text.bytes(), end);
  }

  /** The chain line closing an entry. */
  public static String chainLine(String prev, String hash) {
    if (!isHash(prev) || !isHash(hash)) {
      throw new IllegalArgumentException("chain hashes must be lowercase SHA-256 hex digests");
    }
    return CHAIN_PREFIX + prev + CHAIN_MIDDLE + hash + CHAIN_SUFFIX;
  }

  /** Whether {@code s} is 64 lowercase hex digits. */
  public static boolean isHash(String s) {
    return s != null && s.length() == 64 && isHex(s, 0, 64);
  }

  /**
   * The hashes of a canonical line that matches {@link #CHAIN_LINE}, or null; by hand, as every line at the end of
   * every entry is tried.
   */
  static Link link(String line) {
    int hashAt = CHAIN_PREFIX.length() + 64 + CHAIN_MIDDLE.length();
    if (line.length() != CHAIN_LENGTH
        || !line.startsWith(CHAIN_PREFIX)
        || !line.startsWith(CHAIN_MIDDLE, hashAt - CHAIN_MIDDLE.length())
        || !line.endsWith(CHAIN_SUFFIX)
        || !isHex(line, CHAIN_PREFIX.length(), CHAIN_PREFIX.length() + 64)
        || !isHex(line, hashAt, hashAt + 64)) {
      return null;
    }
    return new Link(line.substring(CHAIN_PREFIX.length(), CHAIN_PREFIX.length() + 64),
        line.substring(hashAt, hashAt + 64));
  }

  /** As {@link #link(String)} for the canonical form of a line of an entry read as bytes. */
  static Link link(EntryText text, int line) {
    int from = text.start(line);
    int length = text.end(line) - from;
    if (length != CHAIN_LENGTH) {
      // Only CRs or trailing blanks to clean away can make a longer line one.
      return length < CHAIN_LENGTH ? null : link(Canonicalizer.clean(text.line(line)));
    }
    byte[] b = text.bytes();
    int prevAt = from + CHAIN_PREFIX.length();
    int hashAt = prevAt + 64 + CHAIN_MIDDLE.length();
    if (!isAscii(b, from, CHAIN_PREFIX)
        || !isAscii(b, prevAt + 64, CHAIN_MIDDLE)
        || !isAscii(b, hashAt + 64, CHAIN_SUFFIX)
        || !isHex(b, prevAt)
        || !isHex(b, hashAt)) {
      return null;
    }
    return new Link(new String(b, prevAt, 64, StandardCharsets.ISO_8859_1),
        new String(b, hashAt, 64, StandardCharsets.ISO_8859_1));
  }

  private static boolean isAscii(byte[] b, int at, String expected) {
    for (int i = 0; i < expected.length(); i++) {
      if (b[at + i] != expected.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(byte[] b, int from) {
    for (int i = from; i < from + 64; i++) {
      byte c = b[i];
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static String hash(String prefix, List<String> lines) {
    int chars = 0;
    for (String line : lines) {
      chars += line.length() + 1;
    }
    Canonicalizer c = Canonicalizer.digesting(Objects.requireNonNull(prefix), chars);
    lines.forEach(c::line);
    return c.hex();
  }
}
