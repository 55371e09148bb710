package io.drillbook.evidence;

import io.drillbook.drill.DrillRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Turns raw sections into parsed {@link LogSection}s while following the hash chain. */
final class SectionIterator implements Iterator<LogSection> {

  /** Reads one entry's record; the reference reading can be forced in tests. */
  interface EntryReading {
    DrillRecord parse(List<String> lines, int firstLine) throws EntryParser.ParseException;
  }

  private final SectionScanner scanner;
  private final Path file;
  private final EntryReading reading;
  private String chainHead;
  private LogSection next;
  private boolean done;

  SectionIterator(SectionScanner scanner, Path file) {
    this(scanner, file, EntryParser::parse);
  }

  SectionIterator(SectionScanner scanner, Path file, EntryReading reading) {
    this.scanner = scanner;
    this.file = file;
    this.reading = reading;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      try {
        next = advance();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      done = next == null;
    }
    return next != null;
  }

  @Override
  public LogSection next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    LogSection section = next;
    next = null;
    return section;
  }

  private LogSection advance() throws IOException {
    SectionScanner.Raw raw;
    try {
      raw = scanner.next();
    } catch (CharacterCodingException e) {
      throw new EvidenceFormatException(file, scanner.lineNumber() + 1, "not valid UTF-8 (at or after this line)");
    }
    if (raw == null) {
      return null;
    }
    if (raw instanceof SectionScanner.Legacy legacy) {
      return new LegacySection(legacy.firstLine(), legacy.lastLine(), legacy.heading());
    }
    return entry((SectionScanner.Entry) raw);
  }

  private LogSection entry(SectionScanner.Entry raw) {
    String expectedPrev = chainHead == null ? scanner.preambleHash() : chainHead;
    if (raw.oversized()) {
      return malformed(raw.firstLine(), "entry is longer than " + SectionScanner.MAX_ENTRY_CHARS + " characters");
    }
    int chain = raw.chainIndex();
    if (chain < 0) {
      int stray = raw.anyChainIndex();
      return stray < 0
          ? malformed(raw.firstLine(), "entry has no chain line (<!-- drillbook:chain v1 prev=... hash=... -->)")
          : malformed(raw.firstLine() + stray + 1, "text after the chain line is not covered by the hash");
    }
    String prev = raw.chain().prev();
    String hash = raw.chain().hash();
    chainHead = hash;
    String computed = EntryChain.entryHash(prev, raw.lines().subList(0, chain));
    DrillRecord record;
    try {
      record = reading.parse(raw.lines().subList(0, chain), raw.firstLine());
    } catch (EntryParser.ParseException e) {
      return malformed(e.line, e.getMessage());
    }
    return new EvidenceEntry(record, raw.firstLine(), prev, hash, computed, expectedPrev);
  }

  private MalformedSection malformed(int line, String message) {
    return new MalformedSection(file, line, message);
  }
}
