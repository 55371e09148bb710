package io.drillbook.evidence;

import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.PhaseResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/** Rebuilds a {@link DrillRecord} from the markdown of one entry, naming the line of anything wrong. */
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

  private static final Parser MARKDOWN = Parser.builder()
      .extensions(List.of(TablesExtension.create()))
      .includeSourceSpans(IncludeSourceSpans.BLOCKS)
      .build();

  private final int bodyFirstLine;
  private final int endLine;

  private EntryParser(int bodyFirstLine, int endLine) {
    this.bodyFirstLine = bodyFirstLine;
    this.endLine = endLine;
  }

  /**
   * Parses an entry's lines: heading, marker, then the tables, excluding the chain line.
   *
   * @param firstLine 1-based line number of the heading
   */
  static DrillRecord parse(List<String> lines, int firstLine) throws ParseException {
    EntryParser p = new EntryParser(firstLine + 2, firstLine + lines.size());
    StringBuilder body = new StringBuilder();
    for (String line : lines.subList(2, lines.size())) {
      // Parse the same canonical lines the hash covers, so CRLF or trailing spaces cannot change the reading.
      body.append(Canonicalizer.clean(line)).append('\n');
    }
    Node doc = MARKDOWN.parse(body.toString());
    RecordBuilder b = new RecordBuilder();
    Node node = doc.getFirstChild();
    p.readFields(p.table(node, EntryFormat.FIELD_COLUMNS, "field"), b);
    node = p.label(node.getNext(), EntryFormat.PHASES_LABEL);
    p.readPhases(p.table(node, EntryFormat.PHASE_COLUMNS, EntryFormat.PHASES_LABEL), b);
    node = p.label(node.getNext(), EntryFormat.CHECKS_LABEL);
    p.readChecks(p.table(node, EntryFormat.CHECK_COLUMNS, EntryFormat.CHECKS_LABEL), b);
    if (node.getNext() != null) {
      throw new ParseException(p.lineOf(node.getNext()), "unexpected content after the Checks table");
    }
    DrillRecord record = b.build();
    String heading = Canonicalizer.clean(lines.get(0));
    String expected = EntryFormat.heading(record);
    if (!heading.equals(expected)) {
      throw new ParseException(firstLine, "heading does not match the entry's fields; expected '" + expected + "'");
    }
    return record;
  }

  private void readFields(List<TableRow> rows, RecordBuilder b) throws ParseException {
    EnumSet<Field> seen = EnumSet.noneOf(Field.class);
    for (TableRow row : rows) {
      int line = lineOf(row);
      List<String> cells = cells(row, line);
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
        throw new ParseException(rows.isEmpty() ? bodyFirstLine : lineOf(rows.get(rows.size() - 1)),
            "missing required field '" + f.label() + "'");
      }
    }
  }

  private void readPhases(List<TableRow> rows, RecordBuilder b) throws ParseException {
    for (TableRow row : rows) {
      int line = lineOf(row);
      List<String> c = cells(row, line);
      b.phases.add(new PhaseResult(c.get(0),
          column(line, "Phases", "Started", c.get(1), Values::parseInstant),
          column(line, "Phases", "Seconds", c.get(2), Values::parseSeconds),
          column(line, "Phases", "OK", c.get(3), Values::parseYesNo),
          c.get(4)));
    }
  }

  private void readChecks(List<TableRow> rows, RecordBuilder b) throws ParseException {
    for (TableRow row : rows) {
      int line = lineOf(row);
      List<String> c = cells(row, line);
      b.checks.add(new CheckResult(c.get(0), column(line, "Checks", "OK", c.get(1), Values::parseYesNo), c.get(2)));
    }
  }

  private static <T> T column(int line, String table, String column, String text, Function<String, T> parse)
      throws ParseException {
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      throw new ParseException(line, table + " column '" + column + "': " + e.getMessage());
    }
  }

  /** The body rows of the table at {@code node}, after checking its header. */
  private List<TableRow> table(Node node, List<String> columns, String what) throws ParseException {
    if (!(node instanceof TableBlock)) {
      throw new ParseException(node == null ? endLine : lineOf(node), "expected the " + what + " table");
    }
    List<TableRow> rows = new ArrayList<>();
    for (Node part = node.getFirstChild(); part != null; part = part.getNext()) {
      if (part instanceof TableHead head) {
        TableRow headRow = (TableRow) head.getFirstChild();
        if (!cells(headRow, lineOf(node)).equals(columns)) {
          throw new ParseException(lineOf(node), "the " + what + " table must have columns " + columns);
        }
      } else if (part instanceof TableBody) {
        for (Node row = part.getFirstChild(); row != null; row = row.getNext()) {
          rows.add((TableRow) row);
        }
      }
    }
    return rows;
  }

  /** Checks {@code node} is the bold table label and returns the node after it. */
  private Node label(Node node, String label) throws ParseException {
    if (node instanceof Paragraph
        && node.getFirstChild() instanceof StrongEmphasis strong
        && strong.getNext() == null
        && strong.getFirstChild() instanceof Text text
        && text.getNext() == null
        && text.getLiteral().equals(label)) {
      return node.getNext();
    }
    throw new ParseException(node == null ? endLine : lineOf(node), "expected the label **" + label + "**");
  }

  private static List<String> cells(TableRow row, int line) throws ParseException {
    List<String> cells = new ArrayList<>();
    for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
      cells.add(text((TableCell) cell, line));
    }
    return cells;
  }

  /** Cell text; the writer escapes everything, so any formatting means the cell was not written by it. */
  private static String text(TableCell cell, int line) throws ParseException {
    StringBuilder sb = new StringBuilder();
    for (Node n = cell.getFirstChild(); n != null; n = n.getNext()) {
      if (!(n instanceof Text t)) {
        throw new ParseException(line, "unexpected markdown " + n.getClass().getSimpleName() + " in a table cell");
      }
      sb.append(t.getLiteral());
    }
    return sb.toString();
  }

  private int lineOf(Node node) {
    for (Node n = node; n != null; n = n.getParent()) {
      List<SourceSpan> spans = n.getSourceSpans();
      if (!spans.isEmpty()) {
        return bodyFirstLine + spans.get(0).getLineIndex();
      }
    }
    return bodyFirstLine;
  }
}
