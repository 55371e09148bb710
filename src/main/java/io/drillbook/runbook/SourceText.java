package io.drillbook.runbook;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The runbook's bytes decoded leniently as UTF-8, split into lines. */
final class SourceText {
  final String text;
  /** Lines without terminators; index 0 is line 1. */
  final List<String> lines;
  final String sha256;
  /** 1-based line of the first byte that is not UTF-8, or 0 when all bytes were valid. */
  final int firstInvalidLine;

  private SourceText(String text, String sha256, int firstInvalidLine) {
    this.text = text;
    this.lines = List.of(text.split("\r\n|\r|\n", -1));
    this.sha256 = sha256;
    this.firstInvalidLine = firstInvalidLine;
  }

  static SourceText decode(byte[] bytes) {
    int invalidAt = firstInvalidByte(bytes);
    String text = new String(bytes, StandardCharsets.UTF_8); // replaces invalid sequences with U+FFFD
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return new SourceText(text, sha256(bytes), invalidAt < 0 ? 0 : lineOfOffset(bytes, invalidAt));
  }

  private static int firstInvalidByte(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(Math.max(16, bytes.length));
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      return in.position();
    }
    result = decoder.flush(out);
    return result.isError() ? in.position() : -1;
  }

  private static int lineOfOffset(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < bytes.length; i++) {
      if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
        line++;
      }
    }
    return line;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The text of 1-based {@code line}, or "" outside the file. */
  String line(int line) {
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
  }
}
