package io.drillbook.drill;

import java.io.IOException;

/** Where finished drill records are appended (a markdown file, later a repository). */
public interface EvidenceSink {

  /** Where entries go (a path, or {@code owner/repo:path}), for links written before the append. */
  String location();

  /**
   * Appends one entry for the record without rewriting anything already stored.
   *
   * @return a human-readable location of the stored entry (a path or URL)
   */
  String append(DrillRecord record) throws IOException;

  /**
   * Called after {@link #append} failed: stores the entry somewhere else so it is not lost.
   *
   * @return where the entry went (null when nowhere) and its text, for stderr
   */
  default Rescued rescue(DrillRecord record) {
    return new Rescued(null, null);
  }

  /**
   * @param location where the entry was stored instead, or null
   * @param text the entry as it would have been appended, or null when this sink cannot render it
   */
  record Rescued(String location, String text) {}
}
