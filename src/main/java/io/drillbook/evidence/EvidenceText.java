package io.drillbook.evidence;

import io.drillbook.drill.DrillRecord;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;

/**
 * The exact text one append adds to a log, whatever stores it: the local file and a repository file get the same
 * bytes, so both chains verify the same way.
 */
public final class EvidenceText {
  private EvidenceText() {}

  /**
   * The text to append to a log whose current content is {@code existing} (empty for a new log).
   *
   * @param source names the log in error messages
   * @throws EvidenceFormatException when the last entry cannot be chained to (its chain line is broken)
   */
  public static String toAppend(String existing, DrillRecord record, String source) throws IOException {
    if (existing.isEmpty()) {
      return forEmptyLog(record);
    }
    String prev = EvidenceLogReader.lastChainHash(new StringReader(existing), Path.of(source));
    return chained(!existing.endsWith("\n"), prev, record);
  }

  static String forEmptyLog(DrillRecord record) {
    String header = EntryFormat.header(record.drill());
    return header + entryWithChain(EntryChain.preambleHash(header), record);
  }

  static String chained(boolean needsNewline, String prev, DrillRecord record) {
    return (needsNewline ? "\n" : "") + entryWithChain(prev, record);
  }

  private static String entryWithChain(String prev, DrillRecord record) {
    String entry = EntryFormat.entry(record);
    String hash = EntryChain.entryHash(prev, entry);
    return "\n" + entry + "\n" + EntryChain.chainLine(prev, hash) + "\n";
  }
}
