package io.drillbook.evidence;

import java.io.IOException;

/**
 * Lines split on {@code \n} only, as the chain canonicalisation defines them (BufferedReader would also split on
 * a lone CR), each as UTF-8 bytes in a buffer, so entries can be hashed and read without a String per line. Text
 * that is not valid UTF-8 surfaces as a {@link java.nio.charset.CharacterCodingException}.
 */
interface LineSource {

  /** Moves to the next line; false at end of input. The previous line's bytes may then be overwritten. */
  boolean advance() throws IOException;

  /** The buffer holding the current line's bytes, from {@link #start()} to {@link #end()}. */
  byte[] buffer();

  int start();

  /** Where the current line ends, without its {@code \n}. */
  int end();

  /** The current line's length in chars, as the entry size limit counts it. */
  int chars();

  /** The current line as text. */
  String text();

  /** 1-based number of the current line. */
  int lineNumber();

  /** The next line without its {@code \n}, or null at end of input. */
  default String next() throws IOException {
    return advance() ? text() : null;
  }
}
