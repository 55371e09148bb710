package io.drillbook.runbook;

/**
 * One alert threshold stated in the runbook's alert table, for example {@code error rate > 10 %}.
 *
 * @param alert the alert or symptom named in the row, without backticks
 * @param metric a few lower-case words naming what is measured, e.g. {@code "error rate"}, {@code "memory"}
 * @param comparator one of {@code ">"}, {@code ">="}, {@code "<"}, {@code "<="}
 * @param value the number as written (milliseconds stay milliseconds)
 * @param unit one of {@code "%"}, {@code "s"}, {@code "ms"}
 * @param qualifier what a percentage is of, e.g. {@code "limit"} or {@code "quota"}; null when not stated
 * @param query the PromQL expression given in the row, or null
 * @param line 1-based line of the row
 */
public record Threshold(
    String alert,
    String metric,
    String comparator,
    double value,
    String unit,
    String qualifier,
    String query,
    int line) {

  /** The value in the units Prometheus uses: a percentage as a ratio, milliseconds as seconds. */
  public double baseValue() {
    return switch (unit) {
      case "%" -> value / 100.0;
      case "ms" -> value / 1000.0;
      default -> value;
    };
  }

  /** As the runbook states it: {@code error rate > 10 %}. */
  public String stated() {
    String number = value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    return metric + " " + comparator + " " + number + (unit.equals("%") ? " %" : " " + unit)
        + (qualifier == null ? "" : " of " + qualifier);
  }
}
