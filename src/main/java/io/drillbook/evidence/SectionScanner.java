package io.drillbook.evidence;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a log into raw sections at lines starting with {@code ## }, holding at most one drillbook entry in
 * memory, and hashes the preamble (all text before the first drillbook entry) as it streams past.
 */
final class SectionScanner {

  /** Entries longer than this are reported rather than buffered, so a corrupt file cannot exhaust memory. */
  static final int MAX_ENTRY_CHARS = 8 * 1024 * 1024;

  sealed interface Raw permits Legacy, Entry {}

  /** A hand-written section; only its extent is kept. */
  record Legacy(int firstLine, int lastLine, String heading) implements Raw {}

  /**
   * A drillbook section: heading, marker and everything up to the next section; lines is empty if oversized.
   *
   * @param chainIndex index of the chain line, which must be the last non-blank line; -1 if there is none
   * @param link the hashes of that chain line, or null
   */
  record Entry(int firstLine, int lastLine, List<String> lines, boolean oversized, int chainIndex,
      EntryChain.Link link) implements Raw {

    static Entry of(int firstLine, int lastLine, List<String> lines, boolean oversized) {
      int last = lines.size() - 1;
      while (last >= 0 && Canonicalizer.clean(lines.get(last)).isEmpty()) {
        last--;
      }
      EntryChain.Link link = last >= 0 ? EntryChain.link(Canonicalizer.clean(lines.get(last))) : null;
      return new Entry(firstLine, lastLine, lines, oversized, link == null ? -1 : last, link);
    }

    /** Index of the last line that looks like a chain line anywhere in the section, or -1. */
    int anyChainIndex() {
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (EntryChain.link(Canonicalizer.clean(lines.get(i))) != null) {
          return i;
        }
      }
      return -1;
    }

    EntryChain.Link chain() {
      if (link == null) {
        throw new IllegalStateException("no chain line");
      }
      return link;
    }
  }

  private final LineSource source;
  private final Canonicalizer preamble = Canonicalizer.digesting("");
  private String preambleHash;
  private String pushedBack;
  private int pushedBackLine;
  private int lineNumber;

  SectionScanner(Reader reader) {
    this(new ReaderLineSource(reader));
  }

  SectionScanner(LineSource source) {
    this.source = source;
  }

  /** The next section, or null at end of input. */
  Raw next() throws IOException {
    String line;
    while ((line = take()) != null && !isSectionStart(line)) {
      toPreamble(line);
    }
    if (line == null) {
      sealPreamble();
      return null;
    }
    int first = lineNumber;
    String second = take();
    if (second != null) {
      pushBack(second);
    }
    if (second != null && Canonicalizer.clean(second).equals(EntryFormat.ENTRY_MARKER)) {
      return readEntry(line, first);
    }
    String heading = line;
    toPreamble(line);
    int last = first;
    while ((line = take()) != null && !isSectionStart(line)) {
      toPreamble(line);
      last = lineNumber;
    }
    if (line != null) {
      pushBack(line);
    }
    return new Legacy(first, last, Canonicalizer.clean(heading));
  }

  /**
   * Hash of the canonical text before the first drillbook entry: available once the first entry has been
   * returned, or once {@link #next()} has returned null.
   */
  String preambleHash() {
    if (preambleHash == null) {
      throw new IllegalStateException("preamble not finished yet");
    }
    return preambleHash;
  }

  /** 1-based number of the line most recently consumed. */
  int lineNumber() {
    return lineNumber;
  }

  private Entry readEntry(String heading, int first) throws IOException {
    sealPreamble();
    List<String> lines = new ArrayList<>();
    lines.add(heading);
    long chars = heading.length();
    boolean oversized = false;
    int last = first;
    String line;
    while ((line = take()) != null && !isSectionStart(line)) {
      last = lineNumber;
      chars += line.length() + 1;
      if (chars > MAX_ENTRY_CHARS) {
        oversized = true;
        lines.clear();
      } else if (!oversized) {
        lines.add(line);
      }
    }
    if (line != null) {
      pushBack(line);
    }
    return Entry.of(first, last, oversized ? List.of() : List.copyOf(lines), oversized);
  }

  private void toPreamble(String line) {
    if (preambleHash == null) {
      preamble.line(line);
    }
  }

  private void sealPreamble() {
    if (preambleHash == null) {
      preambleHash = preamble.hex();
    }
  }

  private String take() throws IOException {
    if (pushedBack != null) {
      String line = pushedBack;
      pushedBack = null;
      lineNumber = pushedBackLine;
      return line;
    }
    String line = source.next();
    lineNumber = source.lineNumber();
    return line;
  }

  private void pushBack(String line) {
    pushedBack = line;
    pushedBackLine = lineNumber;
  }

  static boolean isSectionStart(String line) {
    return line.startsWith(EntryFormat.SECTION_PREFIX);
  }
}
