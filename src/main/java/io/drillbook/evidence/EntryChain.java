package io.drillbook.evidence;

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
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

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

  /** The chain line closing an entry. */
  public static String chainLine(String prev, String hash) {
    if (!isHash(prev) || !isHash(hash)) {
      throw new IllegalArgumentException("chain hashes must be lowercase SHA-256 hex digests");
    }
    return "<!-- drillbook:chain v1 prev=" + prev + " hash=" + hash + " -->";
  }

  /** Whether {@code s} is 64 lowercase hex digits. */
  public static boolean isHash(String s) {
    return s != null && HASH.matcher(s).matches();
  }

  private static String hash(String prefix, List<String> lines) {
    Canonicalizer c = Canonicalizer.digesting(Objects.requireNonNull(prefix));
    lines.forEach(c::line);
    return c.hex();
  }
}
