package io.drillbook.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.EvidenceSink.Rescued;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence log under faults: a full disk, an unwritable log, a crash mid-append, two processes at once. Nothing
 * a drill established may be lost, and what is in the log must still verify. The same faults on a real (tmpfs) file
 * system, which needs root to mount, are in {@link EvidenceFilesystemIT}.
 */
class EvidenceFaultsTest {
  @TempDir Path dir;
  @TempDir Path temp;

  private static final String ENOSPC = "No space left on device";

  /** Writes half of what it is given to files under {@code full}, then fails as a full disk does. */
  private static MarkdownEvidenceLog.Writes fullDiskUnder(Path full) {
    return (file, out, bytes) -> {
      if (!file.toAbsolutePath().startsWith(full.toAbsolutePath())) {
        MarkdownEvidenceLog.Writes.REAL.write(file, out, bytes);
        return;
      }
      ByteBuffer half = bytes.duplicate();
      half.limit(bytes.position() + bytes.remaining() / 2);
      out.write(half);
      throw new IOException(ENOSPC);
    };
  }

  @Test
  void diskFullMidAppendLeavesTheLogAsItWasAndTheEntryLandsInTheTempDir() throws Exception {
    Path log = dir.resolve("drills/maestro.md");
    new MarkdownEvidenceLog(log).append(Fixtures.passing());
    byte[] before = Files.readAllBytes(log);
    MarkdownEvidenceLog full = new MarkdownEvidenceLog(log, fullDiskUnder(dir), temp);
    DrillRecord record = Fixtures.passing(Fixtures.STARTED.plusSeconds(3600));

    assertThatThrownBy(() -> full.append(record)).isInstanceOf(IOException.class)
        .hasMessageContaining(log.toString()).hasMessageContaining(ENOSPC);
    Rescued rescued = full.rescue(record);

    assertThat(Files.readAllBytes(log)).as("the half-written entry was taken back").isEqualTo(before);
    Path expected = temp.resolve("maestro.md.fallback-" + record.drillId() + ".md");
    assertThat(rescued.location()).isEqualTo(expected.toString());
    assertThat(dir.resolve("drills/maestro.md.fallback-" + record.drillId() + ".md")).doesNotExist();
    assertThat(ChainVerifier.verify(expected).intact()).isTrue();
    assertThat(EvidenceLogReader.readAll(expected)).singleElement()
        .satisfies(e -> assertThat(e.record()).isEqualTo(record));
    assertThat(rescued.text()).isEqualTo(Files.readString(expected)).contains(record.drillId());
  }

  @Test
  void unwritableLogSendsTheEntryToAFallbackFileNextToIt() throws Exception {
    Path log = dir.resolve("maestro.md");
    MarkdownEvidenceLog real = new MarkdownEvidenceLog(log, MarkdownEvidenceLog.Writes.REAL, temp);
    real.append(Fixtures.passing());
    // A log someone locked (chattr-like): writes to that one file fail, its folder is fine.
    MarkdownEvidenceLog locked = new MarkdownEvidenceLog(log, (file, out, bytes) -> {
      if (file.equals(log)) {
        throw new java.nio.file.AccessDeniedException(file.toString());
      }
      MarkdownEvidenceLog.Writes.REAL.write(file, out, bytes);
    }, temp);
    DrillRecord record = Fixtures.passing(Fixtures.STARTED.plusSeconds(60));

    assertThatThrownBy(() -> locked.append(record)).isInstanceOf(IOException.class);
    Rescued rescued = locked.rescue(record);

    Path sibling = dir.resolve("maestro.md.fallback-" + record.drillId() + ".md");
    assertThat(rescued.location()).isEqualTo(sibling.toString());
    assertThat(ChainVerifier.verify(sibling).intact()).isTrue();
    assertThat(ChainVerifier.verify(log).entries()).isEqualTo(1);
  }

  @Test
  void crashMidAppendLeavesEarlierEntriesVerifiableReportsTheTornOneAndTheNextAppendChainsPastIt()
      throws Exception {
    Path log = dir.resolve("maestro.md");
    MarkdownEvidenceLog evidence = new MarkdownEvidenceLog(log);
    for (int i = 0; i < 3; i++) {
      evidence.append(Fixtures.passing(Fixtures.STARTED.plusSeconds(i * 60L)));
    }
    String text = Files.readString(log);
    int lastEntry = text.lastIndexOf("\n## ") + 1;
    int tornLine = (int) text.substring(0, lastEntry).chars().filter(c -> c == '\n').count() + 1;
    // The process died halfway through writing its entry: the tail ends mid-table, no chain line.
    Files.writeString(log, text.substring(0, lastEntry + (text.length() - lastEntry) / 2));

    ChainVerifier.Result torn = ChainVerifier.verify(log);
    assertThat(torn.entries()).isEqualTo(2);
    assertThat(torn.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(ChainVerifier.Break.MALFORMED);
      assertThat(p.line()).isEqualTo(tornLine);
      assertThat(p.message()).contains("no chain line");
    });
    List<EvidenceEntry> intact = new ArrayList<>();
    try (var sections = EvidenceLogReader.sections(log)) {
      sections.filter(s -> s instanceof EvidenceEntry).forEach(s -> intact.add((EvidenceEntry) s));
    }
    assertThat(intact).hasSize(2).allMatch(EvidenceEntry::intact);

    DrillRecord next = Fixtures.passing(Fixtures.STARTED.plusSeconds(3600));
    evidence.append(next);

    ChainVerifier.Result after = ChainVerifier.verify(log);
    assertThat(after.entries()).isEqualTo(3);
    assertThat(after.problems()).as("only the torn entry, never silently skipped").singleElement()
        .satisfies(p -> assertThat(p.line()).isEqualTo(tornLine));
    List<EvidenceEntry> now = new ArrayList<>();
    try (var sections = EvidenceLogReader.sections(log)) {
      sections.filter(s -> s instanceof EvidenceEntry).forEach(s -> now.add((EvidenceEntry) s));
    }
    assertThat(now.get(2).record().drillId()).isEqualTo(next.drillId());
    assertThat(now.get(2).prev()).as("chained to the last intact entry").isEqualTo(now.get(1).hash());
  }

  @Test
  void twoProcessesAppendingAtOnceLeaveAVerifiedChainWithEachProcesssEntriesInOrder() throws Exception {
    Path log = dir.resolve("drills.md");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> processes = new ArrayList<>();
    int each = 20;
    for (int p = 0; p < 2; p++) {
      processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          MarkdownEvidenceLogTest.AppendProcess.class.getName(), log.toString(), Integer.toString(p),
          Integer.toString(each)).redirectErrorStream(true).start());
    }
    for (Process p : processes) {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    ChainVerifier.Result result = ChainVerifier.verify(log);
    assertThat(result.problems()).isEmpty();
    assertThat(result.entries()).isEqualTo(2 * each);
    List<Instant> first = new ArrayList<>();
    List<Instant> second = new ArrayList<>();
    for (EvidenceEntry e : EvidenceLogReader.readAll(log)) {
      Instant at = e.record().startedAt();
      (at.isBefore(Fixtures.STARTED.plusSeconds(1000)) ? first : second).add(at);
    }
    assertThat(first).hasSize(each).isSorted();
    assertThat(second).hasSize(each).isSorted();
  }
}
