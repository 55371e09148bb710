package io.drillbook.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.Verdict;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast path must read every entry it accepts exactly as commonmark-java does, and accept everything the
 * writer emits without a numeric reference. commonmark-java is the reference; on any doubt the fast path declines.
 */
class CanonicalEntryParserTest {

  @TempDir Path dir;

  /** Values that mean something to markdown, HTML, the table syntax or the escaper, and to terminals. */
  private static final List<String> HOSTILE = hostile();

  /** Fragments the mutation test splices into written entries. */
  private static final List<String> SPLICES = List.of("*", "**", "_", "`", "&", "&amp;", "&#32;", "&#10;", "<", "<b>",
      ">", "\\", "\\\\", "\\|", "|", " | ", "||", "\t", " ", "  ", "\u0000", "\r", "#", "!", "[", "]", "[x](y)", "~",
      "-", ":", "\u00a0", "\u2028", "\u202e", "\uFEFF", "\\a", "\\ ", "é", "🚀", "\uD800", "x", "0", "\\*", "\\&");

  private static final List<String> EXTRA_LINES = List.of("", "| x | y |", "| x |", "|", "---", "| --- | --- |",
      "<div>", "**Phases**", "**Checks**", "    code", "> quote", "- item", "1. item", "x", "\t", "<!-- c -->",
      "| Phase | Started | Seconds | OK | Detail |", "=====", "```", "## not here");

  @Test
  void fastPathReadsEveryWrittenEntryExactlyAsCommonmarkDoes() throws Exception {
    Random random = new Random(20261129);
    List<DrillRecord> records = new ArrayList<>();
    for (String s : HOSTILE) {
      records.add(everyField(s));
    }
    records.add(Fixtures.passing());
    records.add(Fixtures.inconclusiveWithUnknowns(Fixtures.STARTED));
    for (int i = 0; i < 3000; i++) {
      records.add(randomRecord(random, i % 4 == 0));
    }
    int accepted = 0;
    for (DrillRecord r : records) {
      List<String> lines = writtenLines(r);
      Outcome reference = reference(lines);
      DrillRecord fast = EntryParser.parseCanonical(lines, 5);
      if (fast != null) {
        accepted++;
        assertThat(reference.record).as("commonmark reading of%n%s", String.join("\n", lines)).isEqualTo(fast);
      } else if (reference.record != null) {
        assertThat(String.join("\n", lines))
            .as("the fast path declined an entry commonmark reads, though the writer used no numeric reference")
            .contains("&#");
      }
    }
    assertThat(accepted).isGreaterThan(records.size() / 2);
  }

  @Test
  void fastPathAcceptsOnlyWhatCommonmarkReadsTheSameWhenWrittenEntriesAreEdited() throws Exception {
    Random random = new Random(7919);
    int accepted = 0;
    for (int i = 0; i < 12_000; i++) {
      List<String> lines = new ArrayList<>(writtenLines(i % 5 == 0 ? everyField(pick(random, HOSTILE))
          : randomRecord(random, i % 5 == 1)));
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        mutate(lines, random);
      }
      DrillRecord fast = EntryParser.parseCanonical(lines, 1);
      if (fast != null) {
        accepted++;
        assertThat(reference(lines).record).as("commonmark reading of%n%s", String.join("\n", lines)).isEqualTo(fast);
      }
    }
    // Many edits keep the canonical shape (a letter in a value): the comparison must really have run.
    assertThat(accepted).isGreaterThan(500);
  }

  @Test
  void readerGivesEverySectionOfAMixedLogAsTheCommonmarkReadingDoes() throws Exception {
    Path file = dir.resolve("drills.md");
    Files.writeString(file, "# Rollback drill log: maestro\n\nNotes written by hand.\n\n## 2025-06-01 manual drill\n"
        + "Rolled back by hand.\n");
    MarkdownEvidenceLog log = new MarkdownEvidenceLog(file);
    Random random = new Random(42);
    for (int i = 0; i < 150; i++) {
      log.append(i % 3 == 0 ? everyField(HOSTILE.get(i % HOSTILE.size())) : randomRecord(random, i % 3 == 1));
    }
    log.append(Fixtures.passing());
    String text = Files.readString(file);
    // Hand edits: an entity and emphasis in a value, a table row with an unknown field, a row with too few cells.
    text = text.replaceFirst("\\| Method \\| ([^|\\n]*) \\|", "| Method | $1 &amp; more |");
    text = text.replaceFirst("\\| Reason \\| ", "| Reason | *really* ");
    text = text.replaceFirst("\\| Restored \\| (yes|no) \\|", "| Restored | $1 |\n| Extra | fact |");
    text = text.replaceFirst("\\| Objective \\| ([^|\\n]*) \\|", "| Objective |");
    text += "\n## Notes\nAdded by hand.\n";
    Files.writeString(file, text);

    List<LogSection> fast = sections(file, EntryParser::parse);
    List<LogSection> reference = sections(file, EntryParser::parseWithCommonmark);

    assertThat(fast).isEqualTo(reference);
    assertThat(fast).hasSizeGreaterThan(150);
    assertThat(fast).filteredOn(s -> s instanceof MalformedSection).isNotEmpty();
  }

  @Test
  void cellsAreSplitOnlyAtPipesThatFollowTheSeparatingSpace() {
    assertThat(CanonicalEntryParser.cells("| a\\|b | \\\\ |", 2)).containsExactly("a|b", "\\");
    assertThat(CanonicalEntryParser.cells("|  | x |", 2)).containsExactly("", "x");
    assertThat(CanonicalEntryParser.cells("| a\\\\| b |", 2)).isNull();
    assertThat(CanonicalEntryParser.cells("| a | b | c |", 2)).isNull();
    assertThat(CanonicalEntryParser.cells("| a | b", 2)).isNull();
    assertThat(CanonicalEntryParser.cells("| a & b | c |", 2)).isNull();
    assertThat(CanonicalEntryParser.cells("| a\\b | c |", 2)).isNull();
    assertThat(CanonicalEntryParser.cells("|  a | c |", 2)).isNull();
  }

  private record Outcome(DrillRecord record, EntryParser.ParseException error) {}

  private static Outcome reference(List<String> lines) {
    try {
      return new Outcome(EntryParser.parseWithCommonmark(lines, 5), null);
    } catch (EntryParser.ParseException e) {
      return new Outcome(null, e);
    }
  }

  /** The entry's lines as the reader hands them to the parser: heading up to, not including, the chain line. */
  private static List<String> writtenLines(DrillRecord r) throws IOException {
    SectionScanner scanner = new SectionScanner(new StringReader(EvidenceText.forEmptyLog(r)));
    SectionScanner.Raw raw;
    while ((raw = scanner.next()) != null) {
      if (raw instanceof SectionScanner.Entry e) {
        return e.lines().subList(0, e.chainIndex());
      }
    }
    throw new AssertionError("no entry written");
  }

  private List<LogSection> sections(Path file, SectionIterator.EntryReading reading) throws IOException {
    List<LogSection> out = new ArrayList<>();
    try (var reader = Files.newBufferedReader(file)) {
      Iterator<LogSection> it = new SectionIterator(new SectionScanner(reader), file, reading);
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private static void mutate(List<String> lines, Random random) {
    int at = random.nextInt(lines.size());
    String line = lines.get(at);
    switch (random.nextInt(9)) {
      case 0, 1, 2 -> {
        int pos = line.isEmpty() ? 0 : random.nextInt(line.length() + 1);
        lines.set(at, line.substring(0, pos) + pick(random, SPLICES) + line.substring(pos));
      }
      case 3 -> {
        if (!line.isEmpty()) {
          int pos = random.nextInt(line.length());
          lines.set(at, line.substring(0, pos) + line.substring(pos + 1));
        }
      }
      case 4 -> lines.add(Math.max(2, at), pick(random, EXTRA_LINES));
      case 5 -> {
        if (at >= 2 && lines.size() > 3) {
          lines.remove(at);
        }
      }
      case 6 -> {
        if (at >= 2) {
          lines.add(at, line);
        }
      }
      case 7 -> {
        if (at >= 2 && at + 1 < lines.size()) {
          lines.set(at, lines.get(at + 1));
          lines.set(at + 1, line);
        }
      }
      default -> lines.set(at, pick(random, List.of(" ", "  ", "    ", "\t")) + line);
    }
  }

  private static DrillRecord everyField(String s) {
    Instant t = Fixtures.STARTED;
    return new DrillRecord(new DrillRecord.Subject(s, s, s, s, s, s, t), new DrillRecord.Judgement(Verdict.ABORTED, s, Duration.ofMillis(-5), Duration.ZERO), new DrillRecord.Rollback(Long.MIN_VALUE, Long.MAX_VALUE, s, s), new DrillRecord.Restore(false, s), new DrillRecord.Trail(List.of(new PhaseResult(s, t, Duration.ofMillis(1), false, s)), List.of(new CheckResult(s, true, s)), Map.of("followUpIssue", s, "customFact", s)));
  }

  /** A record with random values; when {@code wild}, one text in ten is hostile and one in twenty may hold any
   * character, else every text is one the writer writes without a numeric reference. */
  private static DrillRecord randomRecord(Random random, boolean wild) {
    Supplier<String> texts = () -> text(random, wild);
    List<PhaseResult> phases = new ArrayList<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      phases.add(new PhaseResult(texts.get(), instant(random), duration(random), random.nextBoolean(),
          texts.get()));
    }
    List<CheckResult> checks = new ArrayList<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      checks.add(new CheckResult(texts.get(), random.nextBoolean(), texts.get()));
    }
    Map<String, String> facts = new LinkedHashMap<>();
    List<String> keys = List.of("workflow", "runUrl", "runAttempt", "headSha", "offendingCommit", "restoreRunUrl",
        "followUpIssue", "followUpAction", "custom", "x-" + texts.get());
    for (int i = random.nextInt(4); i > 0; i--) {
      facts.put(pick(random, keys), texts.get());
    }
    return new DrillRecord(new DrillRecord.Subject(texts.get(), texts.get(), texts.get(), texts.get(), texts.get(), texts.get(), instant(random)), new DrillRecord.Judgement(Verdict.values()[random.nextInt(Verdict.values().length)], texts.get(), random.nextBoolean() ? null : duration(random), duration(random)), new DrillRecord.Rollback(random.nextBoolean() ? null : random.nextLong(), random.nextBoolean() ? null : (long) random.nextInt(100), random.nextBoolean() ? null : texts.get(), random.nextBoolean() ? null : texts.get()), new DrillRecord.Restore(random.nextBoolean(), texts.get()), new DrillRecord.Trail(phases, checks, facts));
  }

  private static String text(Random random, boolean wild) {
    int kind = wild ? random.nextInt(20) : 2 + random.nextInt(17);
    if (kind < 2) {
      return pick(random, HOSTILE);
    }
    if (kind < 10) {
      return pick(random, List.of("kubernetes", "staging", "intelgraph-staging", "maestro-orchestrator",
          "registry.example.com/maestro/orchestrator:1.4.2", "https://github.com/o/r/actions/runs/7?x=1&y=2",
          "Patched pod template to revision 2 (orchestrator:1.4.1).", "12.345 s <= 300.000 s", "drill-42"));
    }
    // Mostly characters the writer writes as themselves or backslash-escapes; now and then ones it references.
    String alphabet = kind == 19 ? ANY_CHARACTER : LITERAL_OR_ESCAPED;
    StringBuilder sb = new StringBuilder();
    for (int i = random.nextInt(kind == 18 ? 400 : 30); i > 0; i--) {
      if (random.nextInt(20) == 0) {
        sb.append(pick(random, List.of("🚀", "👨‍👩‍👧", "𝔘", "&amp;", "**", "\\|", "<b>", "[a](b)", "`x`", "_y_")));
      } else {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    if (kind == 19) {
      return sb.toString();
    }
    int start = 0;
    int end = sb.length();
    while (start < end && MarkdownEscaper.isSpace(sb.charAt(start))) {
      start++;
    }
    while (end > start && MarkdownEscaper.isSpace(sb.charAt(end - 1))) {
      end--;
    }
    return sb.substring(start, end);
  }

  private static final String LITERAL_OR_ESCAPED =
      "  !\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~éß東京\u0301\u05d0\u200d\uFFFD\u00a0";
  private static final String ANY_CHARACTER = LITERAL_OR_ESCAPED
      + "\t\n\r\u0000\u0007\u007f\u0085\u200e\u2028\u202e\u3000\uFEFF";

  private static Instant instant(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> Instant.ofEpochMilli(random.nextLong() % 253_402_300_800_000L);
      case 1 -> Instant.ofEpochSecond(-62_167_219_200L - random.nextInt(1_000_000), random.nextInt(1_000_000_000));
      case 2 -> Instant.ofEpochSecond(253_402_300_799L + random.nextInt(3), random.nextInt(1_000_000_000));
      default -> Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(Integer.MAX_VALUE));
    };
  }

  private static Duration duration(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> Duration.ofMillis(random.nextLong() % 999_999_999_999_999_999L);
      case 1 -> Duration.ofMillis(-random.nextInt(100_000));
      default -> Duration.ofMillis(random.nextInt(600_000));
    };
  }

  private static <T> T pick(Random random, List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static List<String> hostile() {
    List<String> values = new ArrayList<>(EscapingRoundTripTest.NASTY);
    values.addAll(List.of("a&b", "&amp;", "&copy;", "&#x41;", "<b>x</b>", "<http://x>", "**x**", "__x__", "*", "_",
        "\\*", "x\\", "\\", "|", "||", "a | b", "---", ":---:", "`x`", "~~x~~", "#", "> quote", "![i](u)", "[a]: /url",
        "\\&", "\\a", "\u00a0", "\u200d", "👨‍👩‍👧", "𝔘𝔫𝔦", "Verdict", "Drill id", "PASS", "yes", "no", "x".repeat(5000),
        "Run URL", "a\u0301", "\u05d0\u05d1", "1.000", "300.000 s", "2026-11-29T02:50:01.123Z", "-", "+", "=", "%",
        "$", "^", "{}", "()", "\"q\"", "'q'", "a\tb", "a\u000bb", "\u3000x", "x\u3000"));
    return List.copyOf(values);
  }
}
