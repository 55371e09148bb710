package io.drillbook.evidence;

import java.io.IOException;

/**
 * Lines split on {@code \n} only, as the chain canonicalisation defines them (BufferedReader would also split on
 * a lone CR). Text that is not valid UTF-8 surfaces as a {@link java.nio.charset.CharacterCodingException}.
 */
interface LineSource {

  /** The next line without its {@code \n}, or null at end of input. */
  String next() throws IOException;

  /** 1-based number of the line last returned by {@link #next()}. */
  int lineNumber();
}
