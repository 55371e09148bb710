package io.drillbook.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.evidence.ChainVerifier.Break;
import io.drillbook.evidence.ChainVerifier.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of tampering on a generated log is detected and located. */
class ChainVerifierTest {
  @TempDir Path dir;
  private Path log;
  private String header;
  private final List<String> entries = new ArrayList<>();

  @BeforeEach
  void writeFiveEntries() throws Exception {
    log = dir.resolve("drill.md");
    MarkdownEvidenceLog evidence = new MarkdownEvidenceLog(log);
    for (int i = 0; i < 5; i++) {
      evidence.append(Fixtures.passing(Instant.parse("2026-10-0" + (i + 1) + "T04:00:00.123Z")));
    }
    String text = Files.readString(log);
    String[] parts = text.split("(?m)^(?=## )");
    header = parts[0];
    for (int i = 1; i < parts.length; i++) {
      entries.add(parts[i]);
    }
    assertThat(entries).hasSize(5);
  }

  private void rewrite(List<String> sections) throws Exception {
    Files.writeString(log, header + String.join("", sections), StandardCharsets.UTF_8);
  }

  private static int lineOf(String text, int sectionIndex, String header, List<String> sections) {
    String before = header + String.join("", sections.subList(0, sectionIndex));
    return (int) before.chars().filter(c -> c == '\n').count() + 1;
  }

  @Test
  void intactLogVerifies() throws Exception {
    Result r = ChainVerifier.verify(log);
    assertThat(r.intact()).isTrue();
    assertThat(r.entries()).isEqualTo(5);
  }

  @Test
  void oneByteEditInAnOldEntryIsFoundAtThatEntry() throws Exception {
    List<String> edited = new ArrayList<>(entries);
    edited.set(1, edited.get(1).replace("| Recovery | 12.345 s |", "| Recovery | 12.346 s |"));
    rewrite(edited);
    Result r = ChainVerifier.verify(log);
    assertThat(r.problems()).first().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Break.EDITED);
      assertThat(p.line()).isEqualTo(lineOf(null, 1, header, edited));
      assertThat(p.drillId()).contains("20261002");
    });
  }

  @Test
  void deletedEntryIsFoundWhereTheChainSkipsIt() throws Exception {
    List<String> kept = new ArrayList<>(entries);
    kept.remove(2);
    rewrite(kept);
    Result r = ChainVerifier.verify(log);
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Break.DELETED);
      assertThat(p.drillId()).contains("20261004");
    });
  }

  @Test
  void swappedEntriesAreReportedAsReordered() throws Exception {
    List<String> swapped = new ArrayList<>(entries);
    swapped.set(2, entries.get(3));
    swapped.set(3, entries.get(2));
    rewrite(swapped);
    Result r = ChainVerifier.verify(log);
    assertThat(r.intact()).isFalse();
    assertThat(r.problems()).first().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Break.REORDERED);
      assertThat(p.line()).isEqualTo(lineOf(null, 2, header, swapped));
    });
  }

  @Test
  void forgedEntryWithARecomputedHashIsReportedAsInserted() throws Exception {
    // A careful forger chains the fake to the entry before it and computes its hash correctly.
    String before = entries.get(1);
    String prevHash = before.replaceAll("(?s).*hash=([0-9a-f]{64}).*", "$1");
    String fakeText = EntryFormat.entry(Fixtures.passing(Instant.parse("2026-10-02T12:00:00.000Z")));
    String fake = fakeText + "\n" + EntryChain.chainLine(prevHash, EntryChain.entryHash(prevHash, fakeText)) + "\n\n";
    List<String> forged = new ArrayList<>(entries);
    forged.add(2, fake);
    rewrite(forged);
    Result r = ChainVerifier.verify(log);
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Break.INSERTED);
      assertThat(p.drillId()).contains("20261002T120000");
      assertThat(p.line()).isEqualTo(lineOf(null, 2, header, forged));
    });
  }

  @Test
  void handWrittenSectionsAreLegacyNotErrors() throws Exception {
    Files.writeString(log, Files.readString(log) + "\n## 2025-01-10 manual drill\n\nRolled back by hand, 4 minutes.\n");
    Result r = ChainVerifier.verify(log);
    assertThat(r.intact()).isTrue();
    assertThat(r.legacyLines()).hasSize(1);
  }

  @Test
  void unparseableEntryIsReportedWithItsLine() throws Exception {
    List<String> broken = new ArrayList<>(entries);
    broken.set(4, broken.get(4).replace("| Objective | 300.000 s |", "| Objective | soon |"));
    rewrite(broken);
    Result r = ChainVerifier.verify(log);
    assertThat(r.problems()).anySatisfy(p -> assertThat(p.kind()).isEqualTo(Break.MALFORMED));
  }
}
