package io.drillbook.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drillbook.drill.DrillRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceLogReaderTest {

  @TempDir Path dir;

  private Path logWith(DrillRecord... records) throws IOException {
    Path file = dir.resolve("drills.md");
    MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
    for (DrillRecord r : records) {
      log.append(r);
    }
    return file;
  }

  private static List<LogSection> sections(Path file) throws IOException {
    try (Stream<LogSection> s = EvidenceLogReader.sections(file)) {
      return s.toList();
    }
  }

  @Test
  void roundTripsEveryFieldOfARecord() throws IOException {
    DrillRecord full = Fixtures.passing();
    DrillRecord sparse = Fixtures.inconclusiveWithUnknowns(Fixtures.STARTED.plusSeconds(60));
    Path file = logWith(full, sparse);

    List<EvidenceEntry> entries = EvidenceLogReader.readAll(file);

    assertThat(entries).extracting(EvidenceEntry::record).containsExactly(full, sparse);
    assertThat(entries.get(1).record().recovery()).isNull();
    assertThat(entries.get(1).record().fromRevision()).isNull();
    assertThat(entries.get(1).record().toImage()).isNull();
    assertThat(Files.readString(file)).doesNotContain("| Recovery | \n");
  }

  @Test
  void chainDetectsOneByteEditInEarlierEntry() throws IOException {
    Path file = logWith(Fixtures.passing(), Fixtures.passing(Fixtures.STARTED.plusSeconds(86_400)),
        Fixtures.passing(Fixtures.STARTED.plusSeconds(2 * 86_400)));
    String text = Files.readString(file);
    int at = text.indexOf("3/3 updated replicas available.");
    Files.writeString(file, text.substring(0, at) + "2" + text.substring(at + 1));

    List<EvidenceEntry> entries = EvidenceLogReader.readAll(file);

    assertThat(entries.get(0).hashMatches()).isFalse();
    assertThat(entries.get(0).record().phases().get(2).detail()).isEqualTo("2/3 updated replicas available.");
    assertThat(entries.subList(1, 3)).allMatch(EvidenceEntry::intact);
  }

  @Test
  void chainDetectsEditedHeaderAndRemovedEntry() throws IOException {
    Path file = logWith(Fixtures.passing(), Fixtures.passing(Fixtures.STARTED.plusSeconds(86_400)),
        Fixtures.passing(Fixtures.STARTED.plusSeconds(2 * 86_400)));
    String edited = Files.readString(file).replace("# Rollback drill log:", "# Rollback drill log (edited):");
    int second = edited.indexOf("## 2026-11-30");
    int third = edited.indexOf("## 2026-12-01");
    Files.writeString(file, edited.substring(0, second) + edited.substring(third));

    List<EvidenceEntry> entries = EvidenceLogReader.readAll(file);

    assertThat(entries).hasSize(2).allMatch(EvidenceEntry::hashMatches);
    assertThat(entries.get(0).linked()).as("header edited").isFalse();
    assertThat(entries.get(1).linked()).as("entry removed before it").isFalse();
  }

  @Test
  void chainSurvivesCrlfConversionAndTrailingWhitespace() throws IOException {
    Path file = logWith(Fixtures.passing(), Fixtures.passing(Fixtures.STARTED.plusSeconds(60)));
    List<EvidenceEntry> asWritten = EvidenceLogReader.readAll(file);
    Files.writeString(file, Files.readString(file).replace("\n", "  \r\n"));

    List<EvidenceEntry> converted = EvidenceLogReader.readAll(file);
    assertThat(converted).hasSize(2).allMatch(EvidenceEntry::intact);
    // Read through the canonical lines rather than the bytes as read, so the records are the same.
    assertThat(converted).isEqualTo(asWritten);
  }

  @Test
  void legacyHandWrittenSectionsAreReportedNotParsed() throws IOException {
    Path file = dir.resolve("drills.md");
    String handWritten = """
        # Maestro rollback drills

        ## 2025-06-01 manual drill
        Rolled back by hand with kubectl rollout undo; took about 4 minutes.

        ## 2025-09-14 manual drill
        <!-- drillbook:entry v1 --> mentioned later in a section is not a marker.
        | Verdict | PASS |
        """;
    Files.writeString(file, handWritten);
    new MarkdownEvidenceLog(file).append(Fixtures.passing());
    Files.writeString(file, Files.readString(file) + "\n## Notes\nAdded by hand after the first entry.\n");

    List<LogSection> sections = sections(file);

    assertThat(sections).hasSize(4);
    assertThat(sections.get(0)).isEqualTo(new LegacySection(3, 5, "## 2025-06-01 manual drill"));
    assertThat(sections.get(1)).isEqualTo(new LegacySection(6, 9, "## 2025-09-14 manual drill"));
    assertThat(sections.get(2)).isInstanceOfSatisfying(EvidenceEntry.class, e -> {
      assertThat(e.line()).isEqualTo(10);
      assertThat(e.intact()).isTrue();
      assertThat(e.prev()).isEqualTo(EntryChain.preambleHash(handWritten));
    });
    assertThat(sections.get(3)).isInstanceOf(LegacySection.class).extracting(LogSection::line).isEqualTo(54);
    assertThat(EvidenceLogReader.readAll(file)).hasSize(1);
  }

  @Test
  void unparseableEntryNamesItsLine() throws IOException {
    Path file = logWith(Fixtures.passing(), Fixtures.passing(Fixtures.STARTED.plusSeconds(60)));
    List<String> lines = Files.readAllLines(file);
    int started = lines.indexOf("| Started | 2026-11-29T02:51:01.123Z |");
    lines.set(started, "| Started | yesterday |");
    Files.write(file, lines);

    List<LogSection> sections = sections(file);

    assertThat(sections.get(0)).isInstanceOf(EvidenceEntry.class);
    assertThat(sections.get(1)).isInstanceOfSatisfying(MalformedSection.class, m -> {
      assertThat(m.line()).isEqualTo(started + 1);
      assertThat(m.describe()).isEqualTo(file + ":" + (started + 1)
          + ": field 'Started': not an ISO-8601 UTC instant: 'yesterday'");
    });
    assertThatThrownBy(() -> EvidenceLogReader.readAll(file))
        .isInstanceOfSatisfying(EvidenceFormatException.class, e -> {
          assertThat(e.file()).isEqualTo(file);
          assertThat(e.line()).isEqualTo(started + 1);
        })
        .hasMessageStartingWith(file + ":" + (started + 1) + ": field 'Started'");
  }

  @Test
  void malformedEntriesAreReportedWithLineAndField() throws IOException {
    assertProblem("| Objective | 300.000 s |", "| Objective | five minutes |",
        "field 'Objective': not a duration like '12.345 s': 'five minutes'");
    assertProblem("| From revision | 3 |", "| From revision | 3a |", "field 'From revision': not an integer: '3a'");
    assertProblem("| Method | kubernetes |", "", "missing required field 'Method'");
    assertProblem("| Verdict | PASS |", "| Verdict | MAYBE |", "field 'Verdict': not a verdict");
    assertProblem("| rollout | 2026-11-29T02:50:01.475Z | 9.870 | yes | 3/3 updated replicas available. |",
        "| rollout | 2026-11-29T02:50:01.475Z | 9.87 | yes | 3/3 updated replicas available. |",
        "Phases column 'Seconds': not a number of seconds with 3 decimals: '9.87'");
    assertProblem("| health | yes | expected HTTP 200 from /healthz, got 200 |",
        "| health | *yes* | expected HTTP 200 from /healthz, got 200 |", "unexpected markdown Emphasis");
    assertProblem("| Drill | maestro-staging-rollback |", "| Drill | other-drill |", "heading does not match");
  }

  private void assertProblem(String line, String replacement, String message) throws IOException {
    Path file = dir.resolve("broken-" + Math.abs(message.hashCode()) + ".md");
    new MarkdownEvidenceLog(file).append(Fixtures.passing());
    List<String> lines = Files.readAllLines(file);
    int index = lines.indexOf(line);
    assertThat(index).as(line).isPositive();
    lines.set(index, replacement);
    Files.write(file, lines);

    assertThat(sections(file)).singleElement().isInstanceOfSatisfying(MalformedSection.class, m -> {
      assertThat(m.message()).contains(message);
      assertThat(m.line()).isBetween(6, index + 1);
    });
  }

  @Test
  void entryWithoutChainLineIsReportedAtItsHeading() throws IOException {
    Path file = logWith(Fixtures.passing());
    String text = Files.readString(file);
    Files.writeString(file, text.substring(0, text.indexOf("<!-- drillbook:chain")));

    assertThat(sections(file)).singleElement().isInstanceOfSatisfying(MalformedSection.class, m -> {
      assertThat(m.line()).isEqualTo(6);
      assertThat(m.message()).contains("no chain line");
    });
  }

  @Test
  void textAddedUnderAnEntryAfterItsChainLineIsReported() throws IOException {
    Path file = logWith(Fixtures.passing());
    int lineCount = Files.readAllLines(file).size();
    Files.writeString(file, Files.readString(file) + "Verdict overridden to PASS by hand.\n");

    assertThat(sections(file)).singleElement().isInstanceOfSatisfying(MalformedSection.class, m -> {
      assertThat(m.line()).isEqualTo(lineCount + 1);
      assertThat(m.message()).contains("not covered by the hash");
    });
  }

  @Test
  void lastChainHashOfLogWithoutEntriesIsTheWholeFilesPreambleHash() throws IOException {
    Path file = dir.resolve("drills.md");
    Files.writeString(file, "# Notes\n\n## 2025 manual drill\nby hand\n");

    assertThat(EvidenceLogReader.lastChainHash(file)).isEqualTo(EntryChain.preambleHash(Files.readString(file)));
  }

  @Test
  void lastChainHashReadsTailOfLargeLogsAndFallsBackWhenTheLastEntryIsFarBack() throws IOException {
    Path file = dir.resolve("drills.md");
    MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
    for (int i = 0; i < 100; i++) {
      log.append(Fixtures.passing(Fixtures.STARTED.plusSeconds(i * 3600L)));
    }
    assertThat(Files.size(file)).isGreaterThan(2L * EvidenceLogReader.TAIL_BYTES);
    List<EvidenceEntry> entries = EvidenceLogReader.readAll(file);
    assertThat(EvidenceLogReader.lastChainHash(file)).isEqualTo(entries.get(99).hash());

    Files.writeString(file, Files.readString(file) + "\n## Hand notes\n" + "note line\n".repeat(10_000));
    assertThat(EvidenceLogReader.lastChainHash(file)).isEqualTo(entries.get(99).hash());

    log.append(Fixtures.passing(Fixtures.STARTED.plusSeconds(-3600)));
    List<LogSection> all = sections(file);
    assertThat(all.get(all.size() - 1)).isInstanceOfSatisfying(EvidenceEntry.class, e -> {
      assertThat(e.intact()).isTrue();
      assertThat(e.prev()).isEqualTo(entries.get(99).hash());
    });
  }

  @Test
  void invalidUtf8IsReportedWithTheFile() throws IOException {
    Path file = logWith(Fixtures.passing());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] = (byte) 0xff;
    Files.write(file, bytes);

    assertThatThrownBy(() -> EvidenceLogReader.readAll(file))
        .isInstanceOf(EvidenceFormatException.class)
        .hasMessageStartingWith(file + ":")
        .hasMessageContaining("UTF-8");
  }

  @Test
  void streamsManyEntriesInOrder() throws IOException {
    Path file = dir.resolve("drills.md");
    MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
    for (int i = 0; i < 300; i++) {
      log.append(Fixtures.passing(Fixtures.STARTED.plusSeconds(i)));
    }

    try (Stream<LogSection> sections = EvidenceLogReader.sections(file)) {
      assertThat(sections.map(s -> ((EvidenceEntry) s).record().startedAt()))
          .hasSize(300)
          .isSorted();
    }
  }

  @Test
  void entriesReadOnWorkerThreadsAreTheSectionsReadOnTheCallersThreadInTheSameOrder() throws IOException {
    Path file = dir.resolve("drills.md");
    MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
    for (int i = 0; i < 5 * SectionIterator.BATCH + 3; i++) {
      log.append(i % 7 == 3 ? Fixtures.inconclusiveWithUnknowns(Fixtures.STARTED.plusSeconds(i))
          : Fixtures.passing(Fixtures.STARTED.plusSeconds(i)));
    }
    String text = Files.readString(file);
    int middle = text.indexOf("## ", text.length() / 2);
    Files.writeString(file, text.substring(0, middle) + "## Hand-written\n\nnotes\n\n" + text.substring(middle)
        .replaceFirst("\\| Verdict \\| PASS \\|", "| Verdict | MAYBE |"));

    List<LogSection> parallel = sections(file);
    List<LogSection> inline = new java.util.ArrayList<>();
    try (var in = Files.newInputStream(file)) {
      new SectionIterator(new SectionScanner(new Utf8LineSource(in)), file, EntryParser::parse, null)
          .forEachRemaining(inline::add);
    }

    assertThat(parallel).hasSize(5 * SectionIterator.BATCH + 4).isEqualTo(inline);
    assertThat(parallel).filteredOn(LegacySection.class::isInstance).hasSize(1);
    assertThat(parallel).filteredOn(MalformedSection.class::isInstance).hasSize(1);
  }

  @Test
  void invalidUtf8LateInALongLogSurfacesAfterEverySectionBeforeIt() throws IOException {
    Path file = dir.resolve("drills.md");
    MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
    for (int i = 0; i < 3 * SectionIterator.BATCH; i++) {
      log.append(Fixtures.passing(Fixtures.STARTED.plusSeconds(i)));
    }
    byte[] bytes = Files.readAllBytes(file);
    int inLastEntry = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).lastIndexOf("| Reason | ");
    bytes[inLastEntry + 2] = (byte) 0xff;
    Files.write(file, bytes);

    List<LogSection> seen = new java.util.ArrayList<>();
    try (Stream<LogSection> sections = EvidenceLogReader.sections(file)) {
      assertThatThrownBy(() -> sections.forEach(seen::add))
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasCauseInstanceOf(EvidenceFormatException.class);
    }
    assertThat(seen).hasSize(3 * SectionIterator.BATCH - 1).allMatch(s -> ((EvidenceEntry) s).intact());
  }
}
