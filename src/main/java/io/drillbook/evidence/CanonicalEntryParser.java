package io.drillbook.evidence;

import io.drillbook.drill.DrillRecord;
import io.drillbook.evidence.EntryParser.ParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

  private static final byte[] FIELD_HEADER = ascii(headerRow(EntryFormat.FIELD_COLUMNS));
  private static final byte[] PHASE_HEADER = ascii(headerRow(EntryFormat.PHASE_COLUMNS));
  private static final byte[] CHECK_HEADER = ascii(headerRow(EntryFormat.CHECK_COLUMNS));
  private static final byte[] FIELD_SEPARATOR = ascii(separatorRow(EntryFormat.FIELD_COLUMNS));
  private static final byte[] PHASE_SEPARATOR = ascii(separatorRow(EntryFormat.PHASE_COLUMNS));
  private static final byte[] CHECK_SEPARATOR = ascii(separatorRow(EntryFormat.CHECK_COLUMNS));
  private static final byte[] PHASES_LABEL = ascii("**" + EntryFormat.PHASES_LABEL + "**");
  private static final byte[] CHECKS_LABEL = ascii("**" + EntryFormat.CHECKS_LABEL + "**");

  /** ASCII characters a cell may hold unescaped: printable, and not one the writer escapes. */
  private static final boolean[] PLAIN_ASCII = new boolean[128];

  static {
    for (char c = 0x20; c < 0x7f; c++) {
      PLAIN_ASCII[c] = MarkdownEscaper.PUNCTUATION.indexOf(c) < 0;
    }
  }

  private record CellRow(int line, List<String> cells) implements EntryParser.Row {}

  private final EntryText text;
  private final int lines;
  private final int firstLine;
  /** Index of the next line to read, counting the heading as 0. */
  private int next = 2;

  private CanonicalEntryParser(EntryText text, int lines, int firstLine) {
    this.text = text;
    this.lines = lines;
    this.firstLine = firstLine;
  }

  /**
   * @param text the entry: every line up to the last non-blank one of the first {@code lines} in canonical form
   *     (see {@link EntryText#canonicalEnd}), later ones blank
   * @param lines how many lines to read: heading and marker up to, not including, the chain line
   * @param firstLine 1-based line number of the heading
   * @return the record, or null when the entry is not in the canonical shape or does not parse
   */
  static DrillRecord read(EntryText text, int lines, int firstLine) {
    CanonicalEntryParser p = new CanonicalEntryParser(text, lines, firstLine);
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
      EntryParser.readFields(fields, b, firstLine + 2);
      EntryParser.readPhases(phases, b);
      EntryParser.readChecks(checks, b);
      return EntryParser.build(b, text.line(0), firstLine);
    } catch (ParseException | RuntimeException e) {
      // The reference parser reports it, with its own message and line.
      return null;
    }
  }

  private boolean blank() {
    return next < lines && text.isBlank(next++);
  }

  /** A blank line, the bold label, a blank line. */
  private boolean label(byte[] label) {
    return blank() && next < lines && is(next++, label) && blank();
  }

  /** Header, separator and body rows up to the next line not starting with a pipe; null if any is off shape. */
  private List<CellRow> table(byte[] header, byte[] separator, int columns) {
    if (next + 2 > lines || !is(next, header) || !is(next + 1, separator)) {
      return null;
    }
    next += 2;
    List<CellRow> rows = new ArrayList<>();
    byte[] bytes = text.bytes();
    while (next < lines && text.end(next) > text.start(next) && bytes[text.start(next)] == '|') {
      List<String> cells = cells(bytes, text.start(next), text.end(next), columns);
      if (cells == null) {
        return null;
      }
      rows.add(new CellRow(firstLine + next, cells));
      next++;
    }
    return rows;
  }

  private boolean is(int line, byte[] expected) {
    return Arrays.equals(text.bytes(), text.start(line), text.end(line), expected, 0, expected.length);
  }

  private boolean onlyBlankLinesLeft() {
    for (int i = next; i < lines; i++) {
      if (!text.isBlank(i)) {
        return false;
      }
    }
    return true;
  }

  /** As {@link #cells(byte[], int, int, int)} for a row given as text; for tests. */
  static List<String> cells(String line, int columns) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return cells(bytes, 0, bytes.length, columns);
  }

  /**
   * The unescaped cells of a row written as {@code | a | b |} in valid UTF-8 from {@code from} to {@code to}, or
   * null unless it has exactly {@code columns} cells, each plain (see the class comment). Only the cells become
   * Strings.
   */
  static List<String> cells(byte[] line, int from, int to, int columns) {
    if (from == to || line[from] != '|') {
      return null;
    }
    List<String> cells = new ArrayList<>(columns);
    int i = from + 1;
    while (i < to) {
      // Each cell is one space, the escaped value, one space, a pipe.
      if (line[i] != ' ') {
        return null;
      }
      int start = ++i;
      boolean escaped = false;
      boolean ascii = true;
      while (i < to) {
        byte c = line[i];
        if (c >= 0) {
          if (c == '|') {
            break;
          }
          if (c == '\\') {
            if (i + 1 >= to || !isEscapable(line[i + 1])) {
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
          if (!isPlain(Utf8.codePointAt(line, i))) {
            return null;
          }
          ascii = false;
          i += Utf8.length(c);
        }
      }
      // The pipe must follow the separating space, not an escaped character ("\\|" is split differently).
      if (i >= to || i == start || line[i - 1] != ' ') {
        return null;
      }
      int end = i - 1;
      if (end > start && (MarkdownEscaper.isSpace(Utf8.codePointAt(line, start))
          || MarkdownEscaper.isSpace(Utf8.codePointBefore(line, end)))) {
        return null;
      }
      cells.add(escaped ? unescape(line, start, end)
          : new String(line, start, end - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
      if (cells.size() > columns) {
        return null;
      }
      i++;
    }
    return cells.size() == columns ? cells : null;
  }

  /** The text of an already-checked cell with each backslash escape resolved to the character it escapes. */
  private static String unescape(byte[] line, int start, int end) {
    byte[] out = new byte[end - start];
    int n = 0;
    for (int i = start; i < end; i++) {
      byte c = line[i];
      out[n++] = c == '\\' ? line[++i] : c;
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static boolean isEscapable(byte c) {
    return c >= 0 && MarkdownEscaper.PUNCTUATION.indexOf(c) >= 0;
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

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
