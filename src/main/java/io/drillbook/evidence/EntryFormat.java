package io.drillbook.evidence;

import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.PhaseResult;
import java.util.List;

/** Renders the markdown of a log header and of one entry (without its chain line). */
final class EntryFormat {

  static final String LOG_MARKER = "<!-- drillbook:log v1 -->";
  static final String ENTRY_MARKER = "<!-- drillbook:entry v1 -->";
  static final String SECTION_PREFIX = "## ";
  static final String PHASES_LABEL = "Phases";
  static final String CHECKS_LABEL = "Checks";
  static final List<String> FIELD_COLUMNS = List.of("Field", "Value");
  static final List<String> PHASE_COLUMNS = List.of("Phase", "Started", "Seconds", "OK", "Detail");
  static final List<String> CHECK_COLUMNS = List.of("Check", "OK", "Detail");
  private static final String SEPARATOR = " \u00b7 ";

  private EntryFormat() {}

  static String header(String drillName) {
    return "# Rollback drill log: " + MarkdownEscaper.escape(drillName) + "\n"
        + LOG_MARKER + "\n\n"
        + "Append-only evidence written by drillbook, one entry per drill;"
        + " each entry is hash-chained to the text before it, so edits are detectable.\n";
  }

  static String heading(DrillRecord r) {
    return SECTION_PREFIX + Values.instant(r.startedAt()) + SEPARATOR + MarkdownEscaper.escape(r.drill())
        + SEPARATOR + r.verdict().name();
  }

  /** The entry text from heading to the last table row, ending with a newline. */
  static String entry(DrillRecord r) {
    StringBuilder sb = new StringBuilder(2048);
    sb.append(heading(r)).append('\n').append(ENTRY_MARKER).append("\n\n");
    table(sb, FIELD_COLUMNS);
    for (Field f : Field.values()) {
      String value = f.format(r);
      if (value != null) {
        row(sb, List.of(f.label(), value));
      }
    }
    r.facts().forEach((key, value) -> row(sb, List.of(FactLabels.label(key), value)));
    label(sb, PHASES_LABEL);
    table(sb, PHASE_COLUMNS);
    for (PhaseResult p : r.phases()) {
      row(sb, List.of(p.name(), Values.instant(p.startedAt()), Values.seconds(p.duration()),
          Values.yesNo(p.ok()), p.detail()));
    }
    label(sb, CHECKS_LABEL);
    table(sb, CHECK_COLUMNS);
    for (CheckResult c : r.checks()) {
      row(sb, List.of(c.name(), Values.yesNo(c.ok()), c.detail()));
    }
    return sb.toString();
  }

  private static void label(StringBuilder sb, String label) {
    sb.append("\n**").append(label).append("**\n\n");
  }

  private static void table(StringBuilder sb, List<String> columns) {
    row(sb, columns);
    sb.append('|');
    columns.forEach(c -> sb.append(" --- |"));
    sb.append('\n');
  }

  private static void row(StringBuilder sb, List<String> cells) {
    sb.append('|');
    for (String cell : cells) {
      sb.append(' ').append(MarkdownEscaper.escape(cell)).append(" |");
    }
    sb.append('\n');
  }
}
