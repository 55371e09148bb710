package io.drillbook.evidence;

import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.PhaseResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;

/**
 * Rebuilds a {@link DrillRecord} from the markdown of one entry, naming the line of anything wrong.
 *
 * <p>An entry in exactly the shape the writer emits is read by {@link CanonicalEntryParser} without a markdown
 * parser; anything else (hand edits, numeric references, broken tables) goes to {@link CommonmarkEntryParser},
 * the reference reading, which also gives every error its message and line. A differential test keeps the
 * two equal on everything the fast path accepts.
 */
final class EntryParser {

  /** A problem at a 1-based line of the log. */
  static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;
    final int line;

    ParseException(int line, String message) {
      super(message, null, false, false);
      this.line = line;
    }
  }

  /** One body row of an entry table; cells are read on demand so errors surface in the order rows are read. */
  interface Row {
    int line();

    List<String> cells() throws ParseException;
  }

  private EntryParser() {}

  /**
   * Parses an entry's first {@code lines} lines: heading, marker, then the tables, excluding the chain line.
   *
   * @param firstLine 1-based line number of the heading
   */
  static DrillRecord parse(EntryText text, int lines, int firstLine) throws ParseException {
    // The same canonical lines the hash covers, so CRLF or trailing spaces cannot change the reading.
    EntryText canonical = text.canonicalEnd(lines) >= 0 ? text : EntryText.of(clean(text.lines(0, lines)));
    DrillRecord record = CanonicalEntryParser.read(canonical, lines, firstLine);
    return record != null ? record : parseWithCommonmark(canonical, lines, firstLine);
  }

  /** The reference reading alone, skipping the fast path; for tests that compare the two. */
  static DrillRecord parseWithCommonmark(EntryText text, int lines, int firstLine) throws ParseException {
    return parseWithCommonmark(text.lines(0, lines), firstLine);
  }

  /** As {@link #parseWithCommonmark(EntryText, int, int)} for lines given as text. */
  static DrillRecord parseWithCommonmark(List<String> lines, int firstLine) throws ParseException {
    List<String> clean = clean(lines);
    return CommonmarkEntryParser.parse(clean.get(0), clean.subList(2, clean.size()), firstLine);
  }

  /** The fast path alone: the record, or null where it declines; for tests that compare the two. */
  static DrillRecord parseCanonical(List<String> lines, int firstLine) {
    for (String line : lines) {
      if (!isWellFormed(line)) {
        return null; // no UTF-8 for it, and no cell holding it is plain
      }
    }
    return CanonicalEntryParser.read(EntryText.of(clean(lines)), lines.size(), firstLine);
  }

  private static List<String> clean(List<String> lines) {
    List<String> clean = new ArrayList<>(lines.size());
    for (String line : lines) {
      clean.add(Canonicalizer.clean(line));
    }
    return clean;
  }

  /** Whether every surrogate in {@code s} is half of a pair. */
  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  static void readFields(List<? extends Row> rows, RecordBuilder b, int bodyFirstLine) throws ParseException {
    EnumSet<Field> seen = EnumSet.noneOf(Field.class);
    for (Row row : rows) {
      int line = row.line();
      List<String> cells = row.cells();
      Field field = Field.byLabel(cells.get(0));
      if (field == null) {
        // Rows beyond the fixed fields are named facts (run URL, follow-up issue, ...), kept as written.
        String key = FactLabels.key(cells.get(0));
        if (key.isBlank() || b.facts.containsKey(key)) {
          throw new ParseException(line, key.isBlank() ? "a field row without a name" : "duplicate field '" + cells.get(0) + "'");
        }
        b.facts.put(key, cells.get(1));
        continue;
      }
      if (!seen.add(field)) {
        throw new ParseException(line, "duplicate field '" + field.label() + "'");
      }
      try {
        field.parseInto(b, cells.get(1));
      } catch (IllegalArgumentException e) {
        throw new ParseException(line, "field '" + field.label() + "': " + e.getMessage());
      }
    }
    for (Field f : Field.values()) {
      if (f.required() && !seen.contains(f)) {
        throw new ParseException(rows.isEmpty() ? bodyFirstLine : rows.get(rows.size() - 1).line(),
            "missing required field '" + f.label() + "'");
      }
    }
  }

  static void readPhases(List<? extends Row> rows, RecordBuilder b) throws ParseException {
    for (Row row : rows) {
      int line = row.line();
      List<String> c = row.cells();
      b.phases.add(new PhaseResult(c.get(0),
          column(line, "Phases", "Started", c.get(1), Values::parseInstant),
          column(line, "Phases", "Seconds", c.get(2), Values::parseSeconds),
          column(line, "Phases", "OK", c.get(3), Values::parseYesNo),
          c.get(4)));
    }
  }

  static void readChecks(List<? extends Row> rows, RecordBuilder b) throws ParseException {
    for (Row row : rows) {
      int line = row.line();
      List<String> c = row.cells();
      b.checks.add(new CheckResult(c.get(0), column(line, "Checks", "OK", c.get(1), Values::parseYesNo), c.get(2)));
    }
  }

  /** The record, once its heading is checked against the fields it was built from. */
  static DrillRecord build(RecordBuilder b, String heading, int firstLine) throws ParseException {
    DrillRecord record = b.build();
    String expected = EntryFormat.heading(record);
    if (!heading.equals(expected)) {
      throw new ParseException(firstLine, "heading does not match the entry's fields; expected '" + expected + "'");
    }
    return record;
  }

  private static <T> T column(int line, String table, String column, String text, Function<String, T> parse)
      throws ParseException {
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      throw new ParseException(line, table + " column '" + column + "': " + e.getMessage());
    }
  }
}
