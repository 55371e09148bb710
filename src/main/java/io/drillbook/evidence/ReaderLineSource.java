package io.drillbook.evidence;

import java.io.IOException;
import java.io.Reader;

/** Lines of text from a Reader (a string, or a decoder the caller set up). */
final class ReaderLineSource implements LineSource {

  private final Reader in;
  private final char[] buf = new char[16 * 1024];
  private int pos;
  private int len;
  private int lineNumber;

  ReaderLineSource(Reader in) {
    this.in = in;
  }

  @Override
  public String next() throws IOException {
    StringBuilder sb = null;
    for (;;) {
      if (pos == len) {
        int n = in.read(buf);
        if (n < 0) {
          return sb == null ? null : finish(sb.toString());
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
          return finish(new String(buf, start, pos - 1 - start));
        }
        return finish(sb.append(buf, start, pos - 1 - start).toString());
      }
      if (sb == null) {
        sb = new StringBuilder(128);
      }
      sb.append(buf, start, pos - start);
    }
  }

  @Override
  public int lineNumber() {
    return lineNumber;
  }

  private String finish(String line) {
    lineNumber++;
    return line;
  }
}
