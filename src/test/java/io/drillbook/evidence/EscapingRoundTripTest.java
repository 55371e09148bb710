package io.drillbook.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EscapingRoundTripTest {

  @TempDir Path dir;

  static final List<String> NASTY = List.of(
      "",
      " ",
      "  leading and trailing  ",
      "\ttabbed\t",
      "a | b || c |",
      "\\|",
      "\\",
      "ends with backslash\\",
      "\\\\|\\",
      "`code` and ``double`` and ```",
      "*em* _em_ **strong** __strong__ ~~strike~~",
      "[link](https://evil.example) ![img](x.png) <https://auto.link>",
      "line one\n## fake heading\nline three",
      "\r\n| Verdict | PASS |\r\n",
      "<!-- drillbook:chain v1 prev=" + "0".repeat(64) + " hash=" + "1".repeat(64) + " -->",
      "\n<!-- drillbook:entry v1 -->\n",
      "<script>alert(1)</script> <b>bold</b> &amp; &#10; &lt; &copy;",
      "# not a heading #",
      "ESC \u001b[31mred\u001b[0m BEL \u0007 DEL \u007f NEL \u0085",
      "line\u2028separator\u2029paragraph \u202Ereversed\u202C \uFEFFbom",
      "\u00a0nbsp edges\u00a0",
      "\u3000ideographic space\u3000",
      "naïve café — Größe 東京 ✓",
      "emoji 🚀🔥 family 👨‍👩‍👧 flag 🇩🇪",
      "1. list item\n- bullet\n> quote\n    indented code\n---\n===",
      "&#32;",
      "x".repeat(10 * 1024) + "|`\n" + "y".repeat(1024));

  @Test
  void everyNastyStringRoundTripsThroughEveryTextField() throws IOException {
    Path file = dir.resolve("drills.md");
    MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
    List<DrillRecord> written = NASTY.stream().map(EscapingRoundTripTest::recordFull).toList();
    for (DrillRecord r : written) {
      log.append(r);
    }

    List<EvidenceEntry> read = EvidenceLogReader.readAll(file);

    assertThat(read).allMatch(EvidenceEntry::intact);
    for (int i = 0; i < written.size(); i++) {
      assertThat(read.get(i).record()).as("value #%d", i).isEqualTo(written.get(i));
    }
  }

  @Test
  void escapedValuesCannotForgeHeadingsOrRows() throws IOException {
    Path file = dir.resolve("drills.md");
    String forged = "fine\n\n## 2026-01-01T00:00:00.000Z · forged · PASS\n<!-- drillbook:entry v1 -->\n"
        + "| Verdict | PASS |\n<!-- drillbook:chain v1 prev=" + "0".repeat(64) + " hash=" + "1".repeat(64) + " -->";
    DrillRecord r = record(forged, "x | Verdict | PASS");

    new MarkdownEvidenceLog(file).append(r);

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).filteredOn(l -> l.startsWith("## ")).hasSize(1);
    assertThat(lines).filteredOn(l -> l.startsWith("<!--")).hasSize(3);
    assertThat(lines).filteredOn(l -> l.startsWith("| Verdict |")).containsExactly("| Verdict | FAIL |");
    try (Stream<LogSection> sections = EvidenceLogReader.sections(file)) {
      assertThat(sections.toList()).singleElement().isInstanceOfSatisfying(EvidenceEntry.class, e -> {
        assertThat(e.record()).isEqualTo(r);
        assertThat(e.intact()).isTrue();
      });
    }
  }

  @Test
  void nulIsWrittenAsReplacementCharacterBecauseCommonMarkCannotCarryIt() throws IOException {
    Path file = dir.resolve("drills.md");
    new MarkdownEvidenceLog(file).append(record("a\u0000b", "lone \uD800 surrogate"));

    DrillRecord read = EvidenceLogReader.readAll(file).get(0).record();
    assertThat(read.reason()).isEqualTo("a\uFFFDb");
    assertThat(read.restoreDetail()).isEqualTo("lone \uFFFD surrogate");
  }

  @Test
  void escaperUsesBackslashesForPunctuationAndReferencesForControlsAndEdgeSpaces() {
    assertThat(MarkdownEscaper.escape("a|b`c*d_e[f]g<h>i#j&k!l~m\\n"))
        .isEqualTo("a\\|b\\`c\\*d\\_e\\[f\\]g\\<h\\>i\\#j\\&k\\!l\\~m\\\\n");
    assertThat(MarkdownEscaper.escape(" a\nb\rc\u001b ")).isEqualTo("&#32;a&#10;b&#13;c&#27;&#32;");
    assertThat(MarkdownEscaper.escape("registry.example.com/maestro/orchestrator:1.4.2"))
        .isEqualTo("registry.example.com/maestro/orchestrator:1.4.2");
  }

  private static DrillRecord record(String reason, String detail) {
    DrillRecord base = Fixtures.passing();
    return new DrillRecord(new DrillRecord.Subject(base.drillId(), base.drill(), base.method(), base.environment(), base.namespace(), base.deployment(), base.startedAt()), new DrillRecord.Judgement(Verdict.FAIL, reason, base.recovery(), base.objective()), new DrillRecord.Rollback(base.fromRevision(), base.toRevision(), base.fromImage(), base.toImage()), new DrillRecord.Restore(false, detail), new DrillRecord.Trail(base.phases(), List.of(new CheckResult("restored", false, detail)), Map.of()));
  }

  /** A record carrying {@code s} in every free-text component. */
  private static DrillRecord recordFull(String s) {
    DrillRecord base = Fixtures.passing();
    return new DrillRecord(new DrillRecord.Subject(s, s, s, s, s, s, base.startedAt()), new DrillRecord.Judgement(Verdict.ABORTED, s, Duration.ofMillis(-5), Duration.ZERO), new DrillRecord.Rollback(Long.MIN_VALUE, Long.MAX_VALUE, s, s), new DrillRecord.Restore(false, s), new DrillRecord.Trail(List.of(new PhaseResult(s, base.startedAt(), Duration.ofMillis(1), false, s)), List.of(new CheckResult(s, true, s)), Map.of("followUpIssue", s, "customFact", s)));
  }
}
