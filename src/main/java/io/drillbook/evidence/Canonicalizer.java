package io.drillbook.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Streams lines into the canonical form defined by {@link EntryChain}, feeding a digest and/or a string.
 * Streaming keeps hashing of arbitrarily long hand-written preambles at constant memory.
 */
final class Canonicalizer {

  /** Never updated: only cloned. */
  private static final MessageDigest FRESH_SHA256 = newSha256();

  /** Bytes on their way to the digest: one update per few kilobytes costs far less than two per line. */
  private static final int PENDING_BYTES = 4096;

  private final MessageDigest digest;
  private final byte[] pending;
  private int filled;
  private final StringBuilder text;
  private int pendingBlankLines;
  private boolean started;

  private Canonicalizer(MessageDigest digest, int pendingBytes, StringBuilder text) {
    this.digest = digest;
    this.pending = digest == null ? null : new byte[pendingBytes];
    this.text = text;
  }

  static Canonicalizer digesting(String prefix) {
    return digesting(prefix, PENDING_BYTES);
  }

  /**
   * @param expectedChars about how many characters will be fed; a buffer of 4 KB for each of many short entries
   *     would cost more garbage than it saves
   */
  static Canonicalizer digesting(String prefix, int expectedChars) {
    MessageDigest sha = sha256();
    sha.update(prefix.getBytes(StandardCharsets.UTF_8));
    return new Canonicalizer(sha, Math.max(64, Math.min(PENDING_BYTES, expectedChars)), null);
  }

  /** Lowercase hex of the digest of {@code prefix} and the first {@code length} bytes, text already canonical. */
  static String hex(String prefix, byte[] canonical, int length) {
    MessageDigest sha = sha256();
    sha.update(prefix.getBytes(StandardCharsets.UTF_8));
    sha.update(canonical, 0, length);
    return HexFormat.of().formatHex(sha.digest());
  }

  static Canonicalizer collecting(StringBuilder into) {
    return new Canonicalizer(null, 0, into);
  }

  /** A line with every CR removed and trailing spaces and tabs stripped. */
  static String clean(String line) {
    String s = line.indexOf('\r') < 0 ? line : line.replace("\r", "");
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(0, end);
  }

  void line(String rawLine) {
    String line = clean(rawLine);
    if (line.isEmpty()) {
      if (started) {
        pendingBlankLines++;
      }
      return;
    }
    if (started) {
      newlines(pendingBlankLines + 1);
    }
    pendingBlankLines = 0;
    started = true;
    emit(line);
  }

  /** Lowercase hex of the digest; the canonicalizer must not be used afterwards. */
  String hex() {
    flush();
    return HexFormat.of().formatHex(digest.digest());
  }

  private void newlines(int count) {
    for (int i = 0; i < count; i++) {
      if (digest != null) {
        if (filled == pending.length) {
          flush();
        }
        pending[filled++] = '\n';
      }
      if (text != null) {
        text.append('\n');
      }
    }
  }

  private void emit(String s) {
    if (digest != null) {
      digestLine(s);
    }
    if (text != null) {
      text.append(s);
    }
  }

  /** Copies an ASCII line byte by byte; anything else is encoded as UTF-8. */
  private void digestLine(String s) {
    int n = s.length();
    if (filled + n > pending.length) {
      flush();
    }
    if (n <= pending.length) {
      int start = filled;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          filled = start;
          digestBytes(s.getBytes(StandardCharsets.UTF_8));
          return;
        }
        pending[filled++] = (byte) c;
      }
      return;
    }
    digestBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private void digestBytes(byte[] bytes) {
    if (filled + bytes.length > pending.length) {
      flush();
    }
    if (bytes.length > pending.length) {
      digest.update(bytes);
    } else {
      System.arraycopy(bytes, 0, pending, filled, bytes.length);
      filled += bytes.length;
    }
  }

  private void flush() {
    digest.update(pending, 0, filled);
    filled = 0;
  }

  private static MessageDigest sha256() {
    try {
      // Cloning a fresh digest skips the provider lookup that getInstance does for each of many entries.
      return (MessageDigest) FRESH_SHA256.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide SHA-256", e);
    }
  }
}
