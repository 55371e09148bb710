package io.drillbook.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads an alert table whose columns are found by their header words, not their position. */
final class AlertTable {

  /** A raw table line and its 1-based line number. */
  record Row(int line, String markdown) {}

  private static final Pattern ALERT = Pattern.compile("\\b(?:alerts?|symptoms?|signals?)\\b");
  private static final Pattern CONDITION = Pattern.compile("\\b(?:means?|meaning|thresholds?|conditions?|fires?\\s+when|triggers?)\\b");
  private static final Pattern CHECKS = Pattern.compile("\\b(?:checks?|quer(?:y|ies)|promql|expressions?)\\b");

  private static final Pattern AFTER_PROMETHEUS = Pattern.compile("(?i)(?:prometheus|promql|query)\\s*:?\\s*$");
  private static final Pattern SHELL = Pattern.compile("^(?:\\$\\s*)?(?:kubectl|helm|gh|curl|oc|kubectx|watch|sudo|git|docker)\\b");
  private static final Pattern PROMQL_CALL = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*\\s*[({\\[]");
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*_[a-zA-Z0-9_:]+");

  private final int alertColumn;
  private final int conditionColumn;
  private final int checksColumn;

  private AlertTable(int alertColumn, int conditionColumn, int checksColumn) {
    this.alertColumn = alertColumn;
    this.conditionColumn = conditionColumn;
    this.checksColumn = checksColumn;
  }

  /** The table's reader, or null when its header does not name an alert column and a condition column. */
  static AlertTable forHeader(String headerMarkdown) {
    List<String> names = new ArrayList<>();
    for (String cell : Cells.split(headerMarkdown)) {
      names.add(Cells.read(cell).text().toLowerCase(Locale.ROOT));
    }
    // The condition first: "Alert condition" names the condition, so a plain "Alert" column can name the alert.
    int condition = find(names, CONDITION, -1, -1);
    int alert = find(names, ALERT, condition, -1);
    if (condition < 0 || alert < 0) {
      return null;
    }
    return new AlertTable(alert, condition, find(names, CHECKS, alert, condition));
  }

  private static int find(List<String> names, Pattern words, int skip1, int skip2) {
    for (int i = 0; i < names.size(); i++) {
      if (i != skip1 && i != skip2 && words.matcher(names.get(i)).find()) {
        return i;
      }
    }
    return -1;
  }

  /** Adds the row's thresholds, or a problem saying why it has none. */
  void read(Row row, List<Threshold> thresholds, List<Problem> problems) {
    List<Cells.Cell> cells = new ArrayList<>();
    for (String raw : Cells.split(row.markdown())) {
      cells.add(Cells.read(raw));
    }
    String alert = cellText(cells, alertColumn);
    String condition = cellText(cells, conditionColumn);
    if (condition.isEmpty()) {
      problems.add(new Problem(row.line(), "alert '" + alert + "' has no condition"));
      return;
    }
    List<ThresholdText.Stated> stated = ThresholdText.read(condition);
    if (stated.isEmpty()) {
      problems.add(new Problem(row.line(), "alert '" + alert + "': no numeric threshold in '" + condition + "'"));
      return;
    }
    String query = query(cells);
    for (ThresholdText.Stated s : stated) {
      if (s.metric().isEmpty()) {
        problems.add(new Problem(row.line(), "alert '" + alert + "': threshold in '" + condition
            + "' does not say what it measures"));
        continue;
      }
      thresholds.add(new Threshold(alert, s.metric(), s.comparator(), s.value(), s.unit(), s.qualifier(), query,
          row.line()));
    }
  }

  private static String cellText(List<Cells.Cell> cells, int column) {
    return column >= 0 && column < cells.size() ? cells.get(column).text() : "";
  }

  /**
   * The row's PromQL: a code span right after "Prometheus" (or "PromQL", "query") anywhere in the row, else the first
   * code span shaped like PromQL. The checks column is searched first, then the others left to right.
   */
  private String query(List<Cells.Cell> cells) {
    List<Cells.CodeSpan> spans = new ArrayList<>();
    if (checksColumn >= 0 && checksColumn < cells.size()) {
      spans.addAll(cells.get(checksColumn).code());
    }
    for (int i = 0; i < cells.size(); i++) {
      if (i != checksColumn && i != alertColumn) {
        spans.addAll(cells.get(i).code());
      }
    }
    for (Cells.CodeSpan span : spans) {
      if (AFTER_PROMETHEUS.matcher(span.before()).find() && !span.literal().isBlank()) {
        return span.literal().strip();
      }
    }
    for (Cells.CodeSpan span : spans) {
      if (looksLikePromQl(span.literal().strip())) {
        return span.literal().strip();
      }
    }
    return null;
  }

  static boolean looksLikePromQl(String code) {
    if (code.isEmpty() || SHELL.matcher(code).find()) {
      return false;
    }
    return PROMQL_CALL.matcher(code).find() || (code.contains("(") && METRIC_NAME.matcher(code).find());
  }
}
