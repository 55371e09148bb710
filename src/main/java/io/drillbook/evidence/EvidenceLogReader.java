package io.drillbook.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads evidence logs written by {@link MarkdownEvidenceLog}, streaming so memory stays at one entry however
 * long the log is.
 */
public final class EvidenceLogReader {

  /** How much of the end of a log {@link #lastChainHash} reads before falling back to a full scan. */
  static final int TAIL_BYTES = 64 * 1024;

  private EvidenceLogReader() {}

  /**
   * All sections of the log in file order. Text before the first {@code ## } line is the header and is not
   * a section. The stream holds the file open: close it (try-with-resources). I/O and UTF-8 errors surface
   * as {@link UncheckedIOException} wrapping an IOException that names the file.
   */
  public static Stream<LogSection> sections(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    SectionIterator it = new SectionIterator(new SectionScanner(new Utf8LineSource(in)), file);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(() -> {
          try {
            in.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * All drillbook entries of the log; hand-written sections are skipped.
   *
   * @throws EvidenceFormatException at the first entry that cannot be read, naming its line
   */
  public static List<EvidenceEntry> readAll(Path file) throws IOException {
    List<EvidenceEntry> entries = new ArrayList<>();
    try (Stream<LogSection> sections = sections(file)) {
      for (LogSection s : (Iterable<LogSection>) sections::iterator) {
        if (s instanceof MalformedSection m) {
          throw m.toException();
        }
        if (s instanceof EvidenceEntry e) {
          entries.add(e);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return entries;
  }

  /**
   * The {@code prev} the next appended entry must carry: the written hash of the last drillbook entry, or
   * the preamble hash of the whole file when it has no entry yet. Reads only the tail of the file when the
   * last entry lies within it.
   *
   * @throws EvidenceFormatException if the last entry has no valid chain line
   */
  public static String lastChainHash(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return lastChainHash(channel, file);
    }
  }

  /** As {@link #lastChainHash(Path)} over an open channel, which it reads positionally and leaves open. */
  static String lastChainHash(FileChannel channel, Path file) throws IOException {
    long size = channel.size();
    if (size > TAIL_BYTES) {
      String fromTail = lastChainHashInTail(channel, size);
      if (fromTail != null) {
        return fromTail;
      }
    }
    // A plain InputStream over positional reads: closing nothing here keeps the caller's file lock alive.
    Reader reader = new InputStreamReader(new PositionalInputStream(channel),
        StandardCharsets.UTF_8.newDecoder());
    return lastChainHash(reader, file);
  }

  /** The hash a new entry must link to, scanning the whole log text from {@code reader}. */
  static String lastChainHash(Reader reader, Path file) throws IOException {
    SectionScanner scanner = new SectionScanner(reader);
    SectionScanner.Entry last = null;
    String lastIntactHash = null;
    SectionScanner.Raw raw;
    try {
      while ((raw = scanner.next()) != null) {
        if (raw instanceof SectionScanner.Entry e) {
          last = e;
          if (!e.oversized() && e.chainIndex() >= 0) {
            lastIntactHash = e.chain().hash();
          }
        }
      }
    } catch (CharacterCodingException e) {
      throw new EvidenceFormatException(file, scanner.lineNumber() + 1, "not valid UTF-8 (at or after this line)");
    }
    if (last == null) {
      return scanner.preambleHash();
    }
    if (!last.oversized() && last.chainIndex() < 0 && last.anyChainIndex() < 0) {
      // A torn tail: an append cut short (a crash, a full disk) before its chain line. It stays in the file, where
      // audit verify reports it with its line; the new entry chains to the last intact one, as if it were not there.
      return lastIntactHash != null ? lastIntactHash : scanner.preambleHash();
    }
    if (last.oversized() || last.chainIndex() < 0) {
      throw new EvidenceFormatException(file, last.firstLine(),
          "the last entry has no valid chain line, so a new entry cannot be chained to it");
    }
    return last.chain().hash();
  }

  /** The last entry's hash if that entry lies wholly within the tail and is well formed; else null. */
  private static String lastChainHashInTail(FileChannel channel, long size) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(TAIL_BYTES);
    long start = size - TAIL_BYTES;
    while (buf.hasRemaining()) {
      if (channel.read(buf, start + buf.position()) < 0) {
        return null;
      }
    }
    byte[] bytes = buf.array();
    int from = 0;
    while (from < bytes.length && bytes[from] != '\n') {
      from++;
    }
    if (from >= bytes.length) {
      return null;
    }
    String tail;
    try {
      // Starting after a newline byte never splits a UTF-8 sequence.
      tail = StandardCharsets.UTF_8.newDecoder()
          .decode(ByteBuffer.wrap(bytes, from + 1, bytes.length - from - 1))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    SectionScanner scanner = new SectionScanner(new StringReader(tail));
    SectionScanner.Entry last = null;
    SectionScanner.Raw raw;
    while ((raw = scanner.next()) != null) {
      if (raw instanceof SectionScanner.Entry e) {
        last = e;
      }
    }
    return last == null || last.oversized() || last.chainIndex() < 0 ? null : last.chain().hash();
  }
}
