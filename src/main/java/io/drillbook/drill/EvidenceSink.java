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
}
