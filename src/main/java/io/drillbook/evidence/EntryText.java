package io.drillbook.evidence;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The UTF-8 bytes of one entry as read, each line followed by a newline, and where each line starts. Entries are
 * hashed and read from these bytes; a line becomes a String only where a reading needs one.
 *
 * @param starts the offset of each line, then one past the last line's newline
 */
record EntryText(byte[] bytes, int[] starts) {

  static final EntryText EMPTY = new EntryText(new byte[0], new int[] {0});

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long CRS = 0x0D0D0D0D0D0D0D0DL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /** The lines encoded as UTF-8. */
  static EntryText of(List<String> lines) {
    Builder b = new Builder();
    for (String line : lines) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      b.add(bytes, 0, bytes.length);
    }
    return b.build();
  }

  int lineCount() {
    return starts.length - 1;
  }

  int start(int line) {
    return starts[line];
  }

  /** Where the line ends, before its newline. */
  int end(int line) {
    return starts[line + 1] - 1;
  }

  String line(int line) {
    return new String(bytes, start(line), end(line) - start(line), StandardCharsets.UTF_8);
  }

  /** Lines {@code from} to {@code to}, exclusive, as text. */
  List<String> lines(int from, int to) {
    List<String> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(line(i));
    }
    return out;
  }

  /** Whether the line holds only spaces, tabs and CRs, so its canonical form is empty. */
  boolean isBlank(int line) {
    for (int i = start(line); i < end(line); i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /**
   * Where the canonical text of the first {@code lines} lines ends when it is exactly their bytes up to there (no CR,
   * no trailing space or tab, the first line not blank), as for nearly every entry; -1 when it is not.
   */
  int canonicalEnd(int lines) {
    int last = lines - 1;
    while (last >= 0 && isBlank(last)) {
      last--;
    }
    if (last < 0 || isBlank(0)) {
      return -1;
    }
    for (int i = 0; i <= last; i++) {
      int end = end(i);
      if (end > start(i) && (bytes[end - 1] == ' ' || bytes[end - 1] == '\t')) {
        return -1;
      }
    }
    return hasCr(end(last)) ? -1 : end(last);
  }

  /** Whether a CR comes before {@code end}; eight bytes at a time, as every entry of a log is checked. */
  private boolean hasCr(int end) {
    int i = 0;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      long v = (long) LONGS.get(bytes, i) ^ CRS;
      // Nonzero exactly when some byte of v is zero, that is, some byte was a CR.
      if (((v - ONES) & ~v & HIGHS) != 0) {
        return true;
      }
    }
    for (; i < end; i++) {
      if (bytes[i] == '\r') {
        return true;
      }
    }
    return false;
  }

  /** Collects the lines of one entry as the reader passes them; reused from entry to entry. */
  static final class Builder {
    private byte[] bytes = new byte[4096];
    private int[] starts = new int[64];
    private int lines;

    void clear() {
      lines = 0;
    }

    void add(byte[] from, int start, int end) {
      int at = starts[lines];
      int n = end - start;
      if (at + n + 1 > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, at + n + 1));
      }
      System.arraycopy(from, start, bytes, at, n);
      bytes[at + n] = '\n';
      if (lines + 2 > starts.length) {
        starts = Arrays.copyOf(starts, starts.length * 2);
      }
      starts[++lines] = at + n + 1;
    }

    EntryText build() {
      return new EntryText(Arrays.copyOf(bytes, starts[lines]), Arrays.copyOf(starts, lines + 1));
    }
  }
}
