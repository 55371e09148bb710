package io.drillbook.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lines of a UTF-8 byte stream, split on the {@code \n} byte (never part of a multi-byte sequence) and handed over
 * as ranges of the read buffer. The many all-ASCII lines of a log need no decoding; any other line is decoded once
 * to check it, and a line that is not valid UTF-8 throws {@link java.nio.charset.CharacterCodingException} before
 * it is counted.
 */
final class Utf8LineSource implements LineSource {

  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
  private byte[] buf = new byte[64 * 1024];
  private int pos;
  private int len;
  private boolean eof;
  private int lineNumber;
  /** The bits of every byte of the current line scanned so far: negative once a non-ASCII byte was seen. */
  private int seen;
  private int lineStart;
  private int lineEnd;
  private int lineChars;
  private boolean lineAscii;

  Utf8LineSource(InputStream in) {
    this.in = in;
  }

  @Override
  public boolean advance() throws IOException {
    int scanned = pos;
    for (;;) {
      // One pass finds the newline and tells ASCII lines, nearly all of a log, from those needing the decoder.
      int bits = seen;
      for (int i = scanned; i < len; i++) {
        byte b = buf[i];
        if (b == '\n') {
          take(pos, i, bits >= 0);
          pos = i + 1;
          seen = 0;
          return true;
        }
        bits |= b;
      }
      seen = bits;
      if (eof) {
        if (pos == len) {
          return false;
        }
        take(pos, len, seen >= 0);
        pos = len;
        seen = 0;
        return true;
      }
      scanned = len - pos;
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, len - pos);
        len -= pos;
        pos = 0;
      }
      if (len == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        eof = true;
      } else {
        len += n;
      }
    }
  }

  @Override
  public byte[] buffer() {
    return buf;
  }

  @Override
  public int start() {
    return lineStart;
  }

  @Override
  public int end() {
    return lineEnd;
  }

  @Override
  public int chars() {
    return lineChars;
  }

  @Override
  public String text() {
    return new String(buf, lineStart, lineEnd - lineStart,
        lineAscii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  @Override
  public int lineNumber() {
    return lineNumber;
  }

  private void take(int from, int to, boolean ascii) throws IOException {
    lineChars = ascii ? to - from : decoder.decode(ByteBuffer.wrap(buf, from, to - from)).length();
    lineStart = from;
    lineEnd = to;
    lineAscii = ascii;
    lineNumber++;
  }
}
