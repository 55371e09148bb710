package io.drillbook.evidence;

import io.drillbook.drill.DrillRecord;
import io.drillbook.evidence.EntryParser.ParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an entry in exactly the shape {@link EntryFormat} writes it, without a markdown parser: a blank line,
 * the field table, a blank line, {@code **Phases**}, a blank line, the phase table, likewise for Checks, then
 * only blank lines. Each row is {@code | cell | cell |} with every cell plain text and backslash escapes of the
 * characters {@link MarkdownEscaper} escapes. It declines (returns null) anything else, and any entry whose
 * values do not parse, so {@link CommonmarkEntryParser} stays the reading, and the error report, of everything
 * but the canonical shape.
 *
 * <p>Why a plain cell reads the same in commonmark-java with GFM tables: a table row is split on every pipe
 * not preceded by a backslash and each cell is trimmed of spaces and tabs; inline parsing then gives plain text
 * unless the cell holds one of {@code \ ` * _ [ ] ! < &} (escapes, code spans, emphasis, links and images,
 * autolinks and HTML, entity references), and a backslash before ASCII punctuation stands for that character.
 * Accepted cells hold none of those unescaped (nor {@code | ~ # >}, which the writer escapes too), no control,
 * separator or bidi character, and no space at either edge; anything the writer would have written as a
 * numeric reference is declined.
 */
final class CanonicalEntryParser {

  private static final String FIELD_HEADER = headerRow(EntryFormat.FIELD_COLUMNS);
  private static final String PHASE_HEADER = headerRow(EntryFormat.PHASE_COLUMNS);
  private static final String CHECK_HEADER = headerRow(EntryFormat.CHECK_COLUMNS);
  private static final String FIELD_SEPARATOR = separatorRow(EntryFormat.FIELD_COLUMNS);
  private static final String PHASE_SEPARATOR = separatorRow(EntryFormat.PHASE_COLUMNS);
  private static final String CHECK_SEPARATOR = separatorRow(EntryFormat.CHECK_COLUMNS);
  private static final String PHASES_LABEL = "**" + EntryFormat.PHASES_LABEL + "**";
  private static final String CHECKS_LABEL = "**" + EntryFormat.CHECKS_LABEL + "**";

  /** ASCII characters a cell may hold unescaped: printable, and not one the writer escapes. */
  private static final boolean[] PLAIN_ASCII = new boolean[128];

  static {
    for (char c = 0x20; c < 0x7f; c++) {
      PLAIN_ASCII[c] = MarkdownEscaper.PUNCTUATION.indexOf(c) < 0;
    }
  }

  private record CellRow(int line, List<String> cells) implements EntryParser.Row {}

  private final List<String> body;
  private final int bodyFirstLine;
  private int next;

  private CanonicalEntryParser(List<String> body, int bodyFirstLine) {
    this.body = body;
    this.bodyFirstLine = bodyFirstLine;
  }

  /**
   * @param heading the entry's canonical heading line
   * @param body the canonical lines after heading and marker
   * @param firstLine 1-based line number of the heading
   * @return the record, or null when the entry is not in the canonical shape or does not parse
   */
  static DrillRecord read(String heading, List<String> body, int firstLine) {
    CanonicalEntryParser p = new CanonicalEntryParser(body, firstLine + 2);
    List<CellRow> fields = p.blank() ? p.table(FIELD_HEADER, FIELD_SEPARATOR, EntryFormat.FIELD_COLUMNS.size()) : null;
    List<CellRow> phases = fields != null && p.label(PHASES_LABEL)
        ? p.table(PHASE_HEADER, PHASE_SEPARATOR, EntryFormat.PHASE_COLUMNS.size()) : null;
    List<CellRow> checks = phases != null && p.label(CHECKS_LABEL)
        ? p.table(CHECK_HEADER, CHECK_SEPARATOR, EntryFormat.CHECK_COLUMNS.size()) : null;
    if (checks == null || !p.onlyBlankLinesLeft()) {
      return null;
    }
    RecordBuilder b = new RecordBuilder();
    try {
      EntryParser.readFields(fields, b, p.bodyFirstLine);
      EntryParser.readPhases(phases, b);
      EntryParser.readChecks(checks, b);
      return EntryParser.build(b, heading, firstLine);
    } catch (ParseException | RuntimeException e) {
      // The reference parser reports it, with its own message and line.
      return null;
    }
  }

  private boolean blank() {
    return next < body.size() && body.get(next++).isEmpty();
  }

  /** A blank line, the bold label, a blank line. */
  private boolean label(String label) {
    return blank() && next < body.size() && body.get(next++).equals(label) && blank();
  }

  /** Header, separator and body rows up to the next line not starting with a pipe; null if any is off shape. */
  private List<CellRow> table(String header, String separator, int columns) {
    if (next + 2 > body.size() || !body.get(next).equals(header) || !body.get(next + 1).equals(separator)) {
      return null;
    }
    next += 2;
    List<CellRow> rows = new ArrayList<>();
    while (next < body.size() && body.get(next).startsWith("|")) {
      List<String> cells = cells(body.get(next), columns);
      if (cells == null) {
        return null;
      }
      rows.add(new CellRow(bodyFirstLine + next, cells));
      next++;
    }
    return rows;
  }

  private boolean onlyBlankLinesLeft() {
    for (int i = next; i < body.size(); i++) {
      if (!body.get(i).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The unescaped cells of a row written as {@code | a | b |}, or null unless it has exactly {@code columns}
   * cells, each plain (see the class comment).
   */
  static List<String> cells(String line, int columns) {
    int n = line.length();
    if (n == 0 || line.charAt(0) != '|') {
      return null;
    }
    List<String> cells = new ArrayList<>(columns);
    StringBuilder unescaped = null;
    int i = 1;
    while (i < n) {
      // Each cell is one space, the escaped value, one space, a pipe.
      if (line.charAt(i) != ' ') {
        return null;
      }
      int start = ++i;
      boolean escaped = false;
      while (i < n) {
        char c = line.charAt(i);
        if (c < 128) {
          if (c == '|') {
            break;
          }
          if (c == '\\') {
            if (i + 1 >= n || !isEscapable(line.charAt(i + 1))) {
              return null;
            }
            escaped = true;
            i += 2;
          } else if (PLAIN_ASCII[c]) {
            i++;
          } else {
            return null;
          }
        } else {
          int cp = line.codePointAt(i);
          if (!isPlain(cp)) {
            return null;
          }
          i += Character.charCount(cp);
        }
      }
      // The pipe must follow the separating space, not an escaped character ("\\|" is split differently).
      if (i >= n || i == start || line.charAt(i - 1) != ' ') {
        return null;
      }
      int end = i - 1;
      if (end > start && (MarkdownEscaper.isSpace(line.codePointAt(start))
          || MarkdownEscaper.isSpace(line.codePointBefore(end)))) {
        return null;
      }
      if (escaped) {
        unescaped = unescaped == null ? new StringBuilder(end - start) : unescaped;
        cells.add(unescape(line, start, end, unescaped));
      } else {
        cells.add(line.substring(start, end));
      }
      if (cells.size() > columns) {
        return null;
      }
      i++;
    }
    return cells.size() == columns ? cells : null;
  }

  /** The text of an already-checked cell with each backslash escape resolved to the character it escapes. */
  private static String unescape(String line, int start, int end, StringBuilder out) {
    out.setLength(0);
    for (int i = start; i < end; i++) {
      char c = line.charAt(i);
      out.append(c == '\\' ? line.charAt(++i) : c);
    }
    return out.toString();
  }

  private static boolean isEscapable(char c) {
    return c < 128 && MarkdownEscaper.PUNCTUATION.indexOf(c) >= 0;
  }

  /** Whether {@code cp} reads as itself in a cell and is what the writer writes for itself. */
  private static boolean isPlain(int cp) {
    return cp < 128 ? PLAIN_ASCII[cp]
        : Character.getType(cp) != Character.SURROGATE && !MarkdownEscaper.needsReference(cp);
  }

  private static String headerRow(List<String> columns) {
    return "| " + String.join(" | ", columns) + " |";
  }

  private static String separatorRow(List<String> columns) {
    return "|" + " --- |".repeat(columns.size());
  }
}
