package io.drillbook.evidence;

import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.EvidenceSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An append-only, hash-chained markdown log of drill records; see {@link EntryChain} for the chain rules
 * and {@link EvidenceLogReader} to read it back.
 *
 * <p>Appends from several threads or processes are serialised with an exclusive file lock, so every entry
 * lands whole and chained to the one before it.
 */
public final class MarkdownEvidenceLog implements EvidenceSink {

  // The JVM refuses a second FileLock on a file it already locks, so threads must queue before the file lock.
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final Writes writes;
  private final Path tempDir;

  /** How bytes reach a file; tests substitute one that fails the way a full disk does. */
  @FunctionalInterface
  interface Writes {
    void write(Path file, FileChannel out, ByteBuffer bytes) throws IOException;

    Writes REAL = (file, out, bytes) -> {
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(true);
    };
  }

  /** A log stored at {@code file}, created with a title on the first append. */
  public MarkdownEvidenceLog(Path file) {
    this(file, Writes.REAL, Path.of(System.getProperty("java.io.tmpdir")));
  }

  MarkdownEvidenceLog(Path file, Writes writes, Path tempDir) {
    this.file = Objects.requireNonNull(file, "'file' must not be null");
    this.writes = writes;
    this.tempDir = tempDir;
  }

  /** The log file. */
  public Path file() {
    return file;
  }

  @Override
  public String location() {
    return file.toString();
  }

  /**
   * Appends one entry for {@code record}, never rewriting earlier bytes, and fsyncs it.
   *
   * @return the log file path
   * @throws EvidenceFormatException if the last entry in the log has no valid chain line
   * @throws IOException naming the path if the file cannot be created, locked, read or written
   */
  @Override
  public String append(DrillRecord record) throws IOException {
    Objects.requireNonNull(record, "'record' must not be null");
    try {
      appendLocked(record);
    } catch (EvidenceFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new IOException("cannot append drill evidence to " + file + ": " + e, e);
    }
    return file.toString();
  }

  private void appendLocked(DrillRecord record) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (FileChannel out = FileChannel.open(file,
            StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ReentrantLock threads = IN_PROCESS_LOCKS.computeIfAbsent(file.toRealPath(), p -> new ReentrantLock());
      threads.lock();
      try (FileLock ignored = out.lock()) {
        ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(render(in, record)));
        long before = out.size();
        try {
          writes.write(file, out, bytes);
        } catch (IOException e) {
          // Leave the log as it was rather than with half an entry (a full disk often takes part of a write).
          try {
            out.truncate(before);
            out.force(true);
          } catch (IOException ignoredToo) {
            e.addSuppressed(ignoredToo);
          }
          throw e;
        }
      } finally {
        threads.unlock();
      }
    }
  }

  /**
   * Stores the entry where it can be found when appending to the log failed (read-only, disk full, a broken last
   * entry): as a log of its own, {@code <log>.fallback-<drill id>.md} next to the log, else in the system temp dir.
   * The text is a complete, verifiable log (title, entry, chain line), so it can be audited on its own.
   */
  @Override
  public Rescued rescue(DrillRecord record) {
    String name = file.getFileName() + ".fallback-" + record.drillId() + ".md";
    String text = EvidenceText.forEmptyLog(record);
    for (Path candidate : new Path[] {file.resolveSibling(name), tempDir.resolve(name)}) {
      boolean existed = Files.exists(candidate);
      try {
        new MarkdownEvidenceLog(candidate, writes, tempDir).append(record);
        return new Rescued(candidate.toString(), text);
      } catch (IOException | RuntimeException e) {
        // Try the next place, leaving no empty file behind; the caller prints the entry whatever happens.
        if (!existed) {
          try {
            Files.deleteIfExists(candidate);
          } catch (IOException ignored) {
            // Nothing more to do on a failing disk.
          }
        }
      }
    }
    return new Rescued(null, text);
  }

  /** Everything to append: a header if the file is empty, the entry and its chain line. */
  private String render(FileChannel in, DrillRecord record) throws IOException {
    long size = in.size();
    if (size == 0) {
      return EvidenceText.forEmptyLog(record);
    }
    return EvidenceText.chained(lastByte(in, size) != '\n', EvidenceLogReader.lastChainHash(in, file), record);
  }

  private static byte lastByte(FileChannel in, long size) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    while (one.hasRemaining()) {
      if (in.read(one, size - 1) < 0) {
        throw new IOException("file shrank while locked");
      }
    }
    return one.get(0);
  }
}
