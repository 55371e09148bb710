package io.drillbook.runbook;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.node.Code;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/** Splits raw table rows into cells and reads a cell's inline markdown. */
final class Cells {

  /** A cell's plain text, and its code spans each with the plain text that came before it. */
  record Cell(String text, List<CodeSpan> code) {}

  record CodeSpan(String before, String literal) {}

  private static final Parser INLINE = Parser.builder().build();

  private Cells() {}

  /**
   * Splits on unescaped pipes outside code spans. GFM would split inside code spans too, but runbook authors put
   * shell pipelines in backticks ({@code `kubectl logs ... | tail`}) and mean them as one cell.
   */
  static List<String> split(String row) {
    String s = row.strip();
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    int i = s.startsWith("|") ? 1 : 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '|') {
        cell.append('|');
        i += 2;
      } else if (c == '`') {
        int run = runLength(s, i);
        int close = closingRun(s, i + run, run);
        int end = close < 0 ? i + run : close + run;
        cell.append(s, i, end);
        i = end;
      } else if (c == '|') {
        cells.add(cell.toString().strip());
        cell.setLength(0);
        i++;
      } else {
        cell.append(c);
        i++;
      }
    }
    if (!cell.toString().isBlank() || !s.endsWith("|")) {
      cells.add(cell.toString().strip());
    }
    return cells;
  }

  private static int runLength(String s, int at) {
    int n = 0;
    while (at + n < s.length() && s.charAt(at + n) == '`') {
      n++;
    }
    return n;
  }

  private static int closingRun(String s, int from, int length) {
    for (int i = from; i < s.length(); ) {
      if (s.charAt(i) == '`') {
        int n = runLength(s, i);
        if (n == length) {
          return i;
        }
        i += n;
      } else {
        i++;
      }
    }
    return -1;
  }

  /** Reads a cell's inline markdown: escapes, entities, emphasis and code spans. */
  static Cell read(String markdown) {
    // A leading '>' or '-' would make a block quote or list of the cell; escaping keeps it inline text.
    String source = startsBlock(markdown) ? "\\" + markdown : markdown;
    StringBuilder text = new StringBuilder();
    List<CodeSpan> code = new ArrayList<>();
    collect(INLINE.parse(source), text, code);
    return new Cell(text.toString().replaceAll("\\s+", " ").strip(), code);
  }

  private static void collect(Node node, StringBuilder text, List<CodeSpan> code) {
    for (Node n = node.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof Text t) {
        text.append(t.getLiteral());
      } else if (n instanceof Code c) {
        code.add(new CodeSpan(text.toString(), c.getLiteral()));
        text.append(c.getLiteral());
      } else if (n instanceof HtmlInline h) {
        text.append(h.getLiteral());
      } else if (n.getFirstChild() == null) {
        text.append(' ');
      } else {
        collect(n, text, code);
      }
    }
  }

  private static boolean startsBlock(String s) {
    return !s.isEmpty() && (">-+#=".indexOf(s.charAt(0)) >= 0
        || (s.charAt(0) == '*' && (s.length() == 1 || Character.isWhitespace(s.charAt(1)))));
  }
}
