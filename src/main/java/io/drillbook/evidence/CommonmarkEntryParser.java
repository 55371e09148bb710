package io.drillbook.evidence;

import io.drillbook.drill.DrillRecord;
import io.drillbook.evidence.EntryParser.ParseException;
import java.util.ArrayList;
import java.util.List;
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

/** The reference reading of an entry: commonmark-java with GFM tables, accepting any markdown that means the same. */
final class CommonmarkEntryParser {

  private static final Parser MARKDOWN = Parser.builder()
      .extensions(List.of(TablesExtension.create()))
      .includeSourceSpans(IncludeSourceSpans.BLOCKS)
      .build();

  private final int bodyFirstLine;
  private final int endLine;

  private CommonmarkEntryParser(int bodyFirstLine, int endLine) {
    this.bodyFirstLine = bodyFirstLine;
    this.endLine = endLine;
  }

  /**
   * @param heading the entry's canonical heading line
   * @param body the canonical lines after heading and marker
   * @param firstLine 1-based line number of the heading
   */
  static DrillRecord parse(String heading, List<String> body, int firstLine) throws ParseException {
    CommonmarkEntryParser p = new CommonmarkEntryParser(firstLine + 2, firstLine + 2 + body.size());
    StringBuilder text = new StringBuilder();
    for (String line : body) {
      text.append(line).append('\n');
    }
    Node doc = MARKDOWN.parse(text.toString());
    RecordBuilder b = new RecordBuilder();
    Node node = doc.getFirstChild();
    EntryParser.readFields(p.table(node, EntryFormat.FIELD_COLUMNS, "field"), b, p.bodyFirstLine);
    node = p.label(node.getNext(), EntryFormat.PHASES_LABEL);
    EntryParser.readPhases(p.table(node, EntryFormat.PHASE_COLUMNS, EntryFormat.PHASES_LABEL), b);
    node = p.label(node.getNext(), EntryFormat.CHECKS_LABEL);
    EntryParser.readChecks(p.table(node, EntryFormat.CHECK_COLUMNS, EntryFormat.CHECKS_LABEL), b);
    if (node.getNext() != null) {
      throw new ParseException(p.lineOf(node.getNext()), "unexpected content after the Checks table");
    }
    return EntryParser.build(b, heading, firstLine);
  }

  private record NodeRow(int line, TableRow row) implements EntryParser.Row {
    @Override
    public List<String> cells() throws ParseException {
      return CommonmarkEntryParser.cells(row, line);
    }
  }

  /** The body rows of the table at {@code node}, after checking its header. */
  private List<NodeRow> table(Node node, List<String> columns, String what) throws ParseException {
    if (!(node instanceof TableBlock)) {
      throw new ParseException(node == null ? endLine : lineOf(node), "expected the " + what + " table");
    }
    List<NodeRow> rows = new ArrayList<>();
    for (Node part = node.getFirstChild(); part != null; part = part.getNext()) {
      if (part instanceof TableHead head) {
        TableRow headRow = (TableRow) head.getFirstChild();
        if (!cells(headRow, lineOf(node)).equals(columns)) {
          throw new ParseException(lineOf(node), "the " + what + " table must have columns " + columns);
        }
      } else if (part instanceof TableBody) {
        for (Node row = part.getFirstChild(); row != null; row = row.getNext()) {
          rows.add(new NodeRow(lineOf(row), (TableRow) row));
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
