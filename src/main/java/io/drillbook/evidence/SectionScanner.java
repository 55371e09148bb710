package io.drillbook.evidence;

import java.io.IOException;
import java.io.Reader;
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
   * A drillbook section: heading, marker and everything up to the next section; no lines if oversized.
   *
   * @param chainIndex index of the chain line, which must be the last non-blank line; -1 if there is none
   * @param link the hashes of that chain line, or null
   */
  record Entry(int firstLine, int lastLine, EntryText text, boolean oversized, int chainIndex,
      EntryChain.Link link) implements Raw {

    static Entry of(int firstLine, int lastLine, EntryText text, boolean oversized) {
      int last = text.lineCount() - 1;
      while (last >= 0 && text.isBlank(last)) {
        last--;
      }
      EntryChain.Link link = last >= 0 ? EntryChain.link(text, last) : null;
      return new Entry(firstLine, lastLine, text, oversized, link == null ? -1 : last, link);
    }

    /** Every line as text. */
    List<String> lines() {
      return text.lines(0, text.lineCount());
    }

    /** Index of the last line that looks like a chain line anywhere in the section, or -1. */
    int anyChainIndex() {
      for (int i = text.lineCount() - 1; i >= 0; i--) {
        if (EntryChain.link(text, i) != null) {
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
  private final EntryText.Builder entry = new EntryText.Builder();
  private String preambleHash;
  /** The source's current line was pushed back: the next take returns it again. */
  private boolean pushedBack;
  private int lineNumber;

  SectionScanner(Reader reader) {
    this(new ReaderLineSource(reader));
  }

  SectionScanner(LineSource source) {
    this.source = source;
  }

  /** The next section, or null at end of input. */
  Raw next() throws IOException {
    boolean more;
    while ((more = take()) && !isSectionStart()) {
      toPreamble();
    }
    if (!more) {
      sealPreamble();
      return null;
    }
    int first = lineNumber;
    // The heading's bytes are kept before the next line can overwrite them.
    entry.clear();
    entry.add(source.buffer(), source.start(), source.end());
    long chars = source.chars();
    if (take()) {
      pushBack();
      if (isEntryMarker()) {
        return readEntry(first, chars);
      }
    }
    String heading = entry.build().line(0);
    toPreamble(heading);
    int last = first;
    while ((more = take()) && !isSectionStart()) {
      toPreamble();
      last = lineNumber;
    }
    if (more) {
      pushBack();
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

  /** Reads on from the marker, the heading already collected. */
  private Entry readEntry(int first, long headingChars) throws IOException {
    sealPreamble();
    long chars = headingChars;
    boolean oversized = false;
    int last = first;
    boolean more;
    while ((more = take()) && !isSectionStart()) {
      last = lineNumber;
      chars += source.chars() + 1;
      if (chars > MAX_ENTRY_CHARS) {
        oversized = true;
        entry.clear();
      } else if (!oversized) {
        entry.add(source.buffer(), source.start(), source.end());
      }
    }
    if (more) {
      pushBack();
    }
    return Entry.of(first, last, oversized ? EntryText.EMPTY : entry.build(), oversized);
  }

  private void toPreamble() {
    if (preambleHash == null) {
      preamble.line(source.text());
    }
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

  /** Moves to the next line, or back onto the one pushed back; false at end of input. */
  private boolean take() throws IOException {
    if (pushedBack) {
      pushedBack = false;
      lineNumber = source.lineNumber();
      return true;
    }
    boolean more = source.advance();
    lineNumber = source.lineNumber();
    return more;
  }

  /** Hands the current line to the next take again; it stays in the source's buffer until then. */
  private void pushBack() {
    pushedBack = true;
  }

  private boolean isSectionStart() {
    byte[] b = source.buffer();
    int at = source.start();
    return source.end() - at >= 3 && b[at] == '#' && b[at + 1] == '#' && b[at + 2] == ' ';
  }

  private boolean isEntryMarker() {
    // Cleaning only removes characters: a shorter line is not the marker and needs no String.
    return source.end() - source.start() >= EntryFormat.ENTRY_MARKER.length()
        && Canonicalizer.clean(source.text()).equals(EntryFormat.ENTRY_MARKER);
  }
}
