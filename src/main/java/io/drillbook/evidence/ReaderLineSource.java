package io.drillbook.evidence;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/** Lines of text from a Reader (a string, or a decoder the caller set up). */
final class ReaderLineSource implements LineSource {

  private final Reader in;
  private final char[] buf = new char[16 * 1024];
  private int pos;
  private int len;
  private int lineNumber;
  private String line;
  private byte[] bytes;

  ReaderLineSource(Reader in) {
    this.in = in;
  }

  @Override
  public boolean advance() throws IOException {
    line = readLine();
    if (line == null) {
      return false;
    }
    // Encoded as the canonicalizer encodes a line, so hashes from these bytes match.
    bytes = line.getBytes(StandardCharsets.UTF_8);
    lineNumber++;
    return true;
  }

  @Override
  public byte[] buffer() {
    return bytes;
  }

  @Override
  public int start() {
    return 0;
  }

  @Override
  public int end() {
    return bytes.length;
  }

  @Override
  public int chars() {
    return line.length();
  }

  @Override
  public String text() {
    return line;
  }

  @Override
  public int lineNumber() {
    return lineNumber;
  }

  private String readLine() throws IOException {
    StringBuilder sb = null;
    for (;;) {
      if (pos == len) {
        int n = in.read(buf);
        if (n < 0) {
          return sb == null ? null : sb.toString();
        }
        pos = 0;
        len = n;
      }
      int start = pos;
      while (pos < len && buf[pos] != '\n') {
        pos++;
      }
      if (pos < len) {
        pos++;
        if (sb == null) {
          return new String(buf, start, pos - 1 - start);
        }
        return sb.append(buf, start, pos - 1 - start).toString();
      }
      if (sb == null) {
        sb = new StringBuilder(128);
      }
      sb.append(buf, start, pos - start);
    }
  }
}
