package io.drillbook.evidence;

import io.drillbook.drill.DrillRecord;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * Turns raw sections into parsed {@link LogSection}s while following the hash chain, in file order.
 *
 * <p>Splitting the file and following the chain stay on the caller's thread; hashing and parsing each entry, most of
 * the work, runs on {@link ParseWorkers} a few batches ahead, so a long log is read on two cores. Batches in flight
 * are bounded, so memory stays at a few hundred entries however long the log is. A read error ends the batch it
 * falls in and surfaces only after every section before it has been returned, as when reading one at a time.
 */
final class SectionIterator implements Iterator<LogSection> {

  /** Reads one entry's record; the reference reading can be forced in tests. */
  interface EntryReading {
    /** Reads the first {@code lines} lines of {@code text}: heading up to, not including, the chain line. */
    DrillRecord parse(EntryText text, int lines, int firstLine) throws EntryParser.ParseException;
  }

  static final int BATCH = 64;

  /** An entry whose hash and record are still to be computed; everything else about it is known. */
  private record Pending(SectionScanner.Entry raw, String expectedPrev) {}

  /** Sections in file order (each a LogSection or a Pending), then possibly the read error that ended them. */
  private record Batch(List<Object> items, IOException failure) {}

  private record Done(List<LogSection> sections, IOException failure) {}

  private final SectionScanner scanner;
  private final Path file;
  private final EntryReading reading;
  private final Executor workers;
  private final int maxInFlight;
  private final ArrayDeque<Future<Done>> inFlight = new ArrayDeque<>();
  private Iterator<LogSection> current = Collections.emptyIterator();
  private IOException failure;
  private boolean scanned;
  private String chainHead;
  private LogSection next;

  SectionIterator(SectionScanner scanner, Path file) {
    this(scanner, file, EntryParser::parse);
  }

  SectionIterator(SectionScanner scanner, Path file, EntryReading reading) {
    this(scanner, file, reading, ParseWorkers.shared());
  }

  /** @param workers where entries are hashed and parsed; null to do it on the caller's thread */
  SectionIterator(SectionScanner scanner, Path file, EntryReading reading, Executor workers) {
    this.scanner = scanner;
    this.file = file;
    this.reading = reading;
    this.workers = workers;
    this.maxInFlight = workers == null ? 1 : 2 * ParseWorkers.count() + 1;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = advance();
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

  private LogSection advance() {
    for (;;) {
      if (current.hasNext()) {
        return current.next();
      }
      if (failure != null) {
        IOException f = failure;
        failure = null;
        throw new UncheckedIOException(f);
      }
      while (!scanned && inFlight.size() < maxInFlight) {
        Batch batch = scan();
        inFlight.add(workers == null ? CompletableFuture.completedFuture(complete(batch))
            : CompletableFuture.supplyAsync(() -> complete(batch), workers));
      }
      if (inFlight.isEmpty()) {
        return null;
      }
      Done done = await(inFlight.poll());
      current = done.sections().iterator();
      failure = done.failure();
    }
  }

  /** Up to {@link #BATCH} sections, following the chain; only the caller's thread touches the scanner. */
  private Batch scan() {
    List<Object> items = new ArrayList<>(BATCH);
    try {
      while (items.size() < BATCH) {
        SectionScanner.Raw raw = scanner.next();
        if (raw == null) {
          scanned = true;
          break;
        }
        items.add(raw instanceof SectionScanner.Legacy legacy
            ? new LegacySection(legacy.firstLine(), legacy.lastLine(), legacy.heading())
            : follow((SectionScanner.Entry) raw));
      }
      return new Batch(items, null);
    } catch (CharacterCodingException e) {
      scanned = true;
      return new Batch(items,
          new EvidenceFormatException(file, scanner.lineNumber() + 1, "not valid UTF-8 (at or after this line)"));
    } catch (IOException e) {
      scanned = true;
      return new Batch(items, e);
    }
  }

  /** A malformed section, or the entry to hash and parse, with the chain head moved past it. */
  private Object follow(SectionScanner.Entry raw) {
    String expectedPrev = chainHead == null ? scanner.preambleHash() : chainHead;
    if (raw.oversized()) {
      return malformed(raw.firstLine(), "entry is longer than " + SectionScanner.MAX_ENTRY_CHARS + " characters");
    }
    if (raw.chainIndex() < 0) {
      int stray = raw.anyChainIndex();
      return stray < 0
          ? malformed(raw.firstLine(), "entry has no chain line (<!-- drillbook:chain v1 prev=... hash=... -->)")
          : malformed(raw.firstLine() + stray + 1, "text after the chain line is not covered by the hash");
    }
    chainHead = raw.chain().hash();
    return new Pending(raw, expectedPrev);
  }

  private Done complete(Batch batch) {
    List<LogSection> sections = new ArrayList<>(batch.items().size());
    for (Object item : batch.items()) {
      sections.add(item instanceof Pending p ? entry(p.raw(), p.expectedPrev()) : (LogSection) item);
    }
    return new Done(sections, batch.failure());
  }

  private LogSection entry(SectionScanner.Entry raw, String expectedPrev) {
    int chain = raw.chainIndex();
    String prev = raw.chain().prev();
    String computed = EntryChain.entryHash(prev, raw.text(), chain);
    DrillRecord record;
    try {
      record = reading.parse(raw.text(), chain, raw.firstLine());
    } catch (EntryParser.ParseException e) {
      return malformed(e.line, e.getMessage());
    }
    return new EvidenceEntry(record, raw.firstLine(), prev, raw.chain().hash(), computed, expectedPrev);
  }

  private MalformedSection malformed(int line, String message) {
    return new MalformedSection(file, line, message);
  }

  private static Done await(Future<Done> batch) {
    try {
      return batch.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted while reading evidence"));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
