package io.drillbook.evidence;

import io.drillbook.drill.DrillRecord;
import java.util.Objects;

/**
 * A drillbook entry read back from a log.
 *
 * @param record the drill record rebuilt from the entry's tables
 * @param line 1-based line number of the entry's {@code ## } heading
 * @param prev the {@code prev} hash as written in the chain line
 * @param hash the {@code hash} as written in the chain line
 * @param computedHash the hash recomputed from the entry text and the written {@code prev}
 * @param expectedPrev what {@code prev} must be: the written hash of the previous entry, or for the first
 *     entry the {@link EntryChain#preambleHash preamble hash} of the text before it
 */
public record EvidenceEntry(
    DrillRecord record, int line, String prev, String hash, String computedHash, String expectedPrev)
    implements LogSection {

  public EvidenceEntry {
    Objects.requireNonNull(record, "'record' must not be null");
    Objects.requireNonNull(prev, "'prev' must not be null");
    Objects.requireNonNull(hash, "'hash' must not be null");
    Objects.requireNonNull(computedHash, "'computedHash' must not be null");
    Objects.requireNonNull(expectedPrev, "'expectedPrev' must not be null");
  }

  /** Whether the entry text is unchanged since its hash was written. */
  public boolean hashMatches() {
    return hash.equals(computedHash);
  }

  /** Whether the entry links to what precedes it (nothing removed, inserted or edited before it). */
  public boolean linked() {
    return prev.equals(expectedPrev);
  }

  /** Both {@link #hashMatches()} and {@link #linked()}. */
  public boolean intact() {
    return hashMatches() && linked();
  }
}
