package io.drillbook.report;

import io.drillbook.drill.Verdict;
import io.drillbook.report.ComplianceReport.Gap;
import io.drillbook.report.ComplianceReport.TargetReport;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The inline SVG charts of the HTML report: recovery time per day, the runs timeline and the cadence calendar. */
final class HtmlCharts {

  private static final int W = 760;
  private static final long DAY_MILLIS = 86_400_000L;
  private static final Map<Verdict, String> COLORS = new EnumMap<>(Map.of(
      Verdict.PASS, "#2e7d32", Verdict.FAIL, "#c62828", Verdict.INCONCLUSIVE, "#f9a825",
      Verdict.ABORTED, "#6a1b9a", Verdict.SKIPPED, "#9e9e9e", Verdict.MISSED, "#212121",
      Verdict.FROZEN, "#4fc3f7"));

  private HtmlCharts() {}

  static String recoveryChart(TargetReport t) {
    int h = 220;
    int left = 60;
    int right = 20;
    int top = 16;
    int bottom = 30;
    double max = 1;
    for (DayStats d : t.days()) {
      max = Math.max(max, d.objectiveSeconds() * 1.15);
      if (d.maxRecoverySeconds() != null) {
        max = Math.max(max, d.maxRecoverySeconds() * 1.1);
      }
    }
    Scale x = new Scale(t.from(), t.to(), left, W - right);
    double yMax = max;
    java.util.function.DoubleUnaryOperator y = v -> top + (h - top - bottom) * (1 - Math.min(v, yMax) / yMax);
    StringBuilder sb = new StringBuilder();
    sb.append(svgOpen(h, "Recovery time per day with the objective"));
    axes(sb, left, top, W - right, h - bottom);
    sb.append(text(left - 6, y.applyAsDouble(0) + 4, "0 s", "end"));
    sb.append(text(left - 6, top + 4, HtmlReport.fmt(yMax) + " s", "end"));
    sb.append(text(left, h - 10, t.from().toString(), "start"));
    sb.append(text(W - right, h - 10, t.to().toString(), "end"));
    StringBuilder objective = new StringBuilder();
    StringBuilder line = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    Double lastObjective = null;
    for (DayStats d : t.days()) {
      double px = x.at(d.date());
      double oy = y.applyAsDouble(d.objectiveSeconds());
      if (lastObjective == null) {
        point(objective, left, oy);
      } else if (lastObjective != d.objectiveSeconds()) {
        point(objective.append(' '), px, y.applyAsDouble(lastObjective));
        point(objective.append(' '), px, oy);
      }
      lastObjective = d.objectiveSeconds();
      if (d.maxRecoverySeconds() != null) {
        double py = y.applyAsDouble(d.maxRecoverySeconds());
        point(line.isEmpty() ? line : line.append(' '), px, py);
        String colour = d.overObjective() > 0 ? COLORS.get(Verdict.FAIL) : COLORS.get(Verdict.PASS);
        if (d.recovered() > 1) {
          fmt(fmt(fmt(fmt(dots.append("<line x1=\""), px).append("\" y1=\""), y.applyAsDouble(d.minRecoverySeconds()))
              .append("\" x2=\""), px).append("\" y2=\""), py).append("\" stroke=\"")
              .append(colour).append("\" stroke-width=\"2\"/>");
        }
        String range = d.recovered() > 1
            ? MarkdownReport.seconds(d.minRecoverySeconds()) + "\u2013" + MarkdownReport.seconds(d.maxRecoverySeconds())
            : MarkdownReport.seconds(d.maxRecoverySeconds());
        // Dates, counts and seconds hold nothing to escape.
        fmt(fmt(dots.append("<circle cx=\""), px).append("\" cy=\""), py).append("\" r=\"4\" fill=\"")
            .append(colour).append("\"><title>")
            .append(d.date()).append(": ").append(d.recovered()).append(" recovered in ").append(range).append(" s");
        if (d.overObjective() > 0) {
          dots.append(", ").append(d.overObjective()).append(" over the objective");
        }
        dots.append("</title></circle>");
      }
    }
    if (lastObjective != null) {
      objective.append(' ').append(HtmlReport.fmt(W - right)).append(',').append(HtmlReport.fmt(y.applyAsDouble(lastObjective)));
      sb.append("<polyline points=\"").append(objective)
          .append("\" fill=\"none\" stroke=\"#c62828\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>");
      sb.append(text(W - right - 4, y.applyAsDouble(lastObjective) - 5, "objective " + HtmlReport.fmt(lastObjective) + " s", "end"));
    }
    if (!line.isEmpty()) {
      sb.append("<polyline points=\"").append(line).append("\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>");
    }
    sb.append(dots).append("</svg>\n");
    return sb.toString();
  }

  static String timeline(TargetReport t) {
    int h = 70;
    Scale x = new Scale(t.from(), t.to(), 20, W - 20);
    StringBuilder sb = new StringBuilder(svgOpen(h, "One mark per day with runs, coloured by its worst verdict"));
    sb.append("<line x1=\"20\" y1=\"25\" x2=\"").append(W - 20)
        .append("\" y2=\"25\" stroke=\"#999\" stroke-width=\"1\"/>");
    for (DayStats d : t.days()) {
      fmt(sb.append("<rect x=\""), x.at(d.date()) - 3).append("\" y=\"13\" width=\"6\" height=\"24\" fill=\"")
          .append(COLORS.get(d.worst())).append("\"><title>").append(d.date()).append(": ");
      counts(sb, d).append("</title></rect>");
    }
    int lx = 20;
    for (Verdict v : Verdict.values()) {
      sb.append("<rect x=\"").append(lx).append("\" y=\"50\" width=\"10\" height=\"10\" fill=\"")
          .append(COLORS.get(v)).append("\"/>").append(text(lx + 14, 59, v.name(), "start"));
      lx += 100;
    }
    sb.append("</svg>\n");
    return sb.toString();
  }

  /** A day's runs by verdict, {@code 2 PASS, 1 FAIL}; nothing in it needs escaping. */
  private static StringBuilder counts(StringBuilder sb, DayStats d) {
    boolean first = true;
    for (Map.Entry<Verdict, Integer> e : d.verdicts().entrySet()) {
      sb.append(first ? "" : ", ").append(e.getValue().intValue()).append(' ').append(e.getKey().name());
      first = false;
    }
    return sb;
  }

  static String calendar(TargetReport t) {
    LocalDate start = t.from().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    LocalDate end = t.to().with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
    Map<LocalDate, Verdict> days = new HashMap<>();
    for (DayStats d : t.days()) {
      days.put(d.date(), d.cadence());
    }
    int cell = 16;
    int gap = 3;
    int left = 90;
    int top = 22;
    int weeks = (int) (java.time.temporal.ChronoUnit.DAYS.between(start, end) + 1) / 7;
    int h = top + weeks * (cell + gap) + 34;
    StringBuilder sb = new StringBuilder(svgOpen(h, "Weeks by days; red days lie in a gap without PASS"));
    String[] names = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
    for (int d = 0; d < 7; d++) {
      sb.append(text(left + d * (cell + gap) + cell / 2.0, 15, names[d], "middle"));
    }
    for (int w = 0; w < weeks; w++) {
      LocalDate monday = start.plusWeeks(w);
      double ry = top + w * (cell + gap);
      sb.append(text(left - 8, ry + cell - 4, monday.toString(), "end"));
      for (int d = 0; d < 7; d++) {
        LocalDate day = monday.plusDays(d);
        String fill;
        String state;
        Verdict v = days.get(day);
        if (day.isBefore(t.from()) || day.isAfter(t.to())) {
          fill = "#ffffff";
          state = "outside the period";
        } else if (v != null) {
          fill = COLORS.get(v);
          state = v.name();
        } else if (inGap(t.gaps(), day)) {
          fill = "#f4b4b4";
          state = "in a gap without PASS";
        } else {
          fill = "#e6e6e6";
          state = "no run";
        }
        // A date and a fixed state: nothing to escape.
        fmt(sb.append("<rect x=\"").append(left + d * (cell + gap)).append("\" y=\""), ry)
            .append("\" width=\"").append(cell).append("\" height=\"").append(cell).append("\" rx=\"2\" fill=\"")
            .append(fill).append("\" stroke=\"#d0d0d0\"><title>").append(day).append(": ").append(state)
            .append("</title></rect>");
      }
    }
    int ly = h - 14;
    String[][] legend = {{COLORS.get(Verdict.PASS), "PASS"}, {COLORS.get(Verdict.FAIL), "FAIL"},
        {"#f4b4b4", "gap without PASS"}, {"#e6e6e6", "no run"}};
    int lx = left;
    for (String[] l : legend) {
      sb.append("<rect x=\"").append(lx).append("\" y=\"").append(ly - 9).append("\" width=\"10\" height=\"10\" fill=\"")
          .append(l[0]).append("\"/>").append(text(lx + 14, ly, l[1], "start"));
      lx += 130;
    }
    sb.append("</svg>\n");
    return sb.toString();
  }

  private static boolean inGap(List<Gap> gaps, LocalDate day) {
    for (Gap g : gaps) {
      if (day.isAfter(g.from()) && day.isBefore(g.to())) {
        return true;
      }
    }
    return false;
  }

  /** Maps days between {@code from} and {@code to}, both whole, onto x pixels. */
  private record Scale(LocalDate from, LocalDate to, double x0, double x1) {
    /** The middle of the day. */
    double at(LocalDate day) {
      long a = from.toEpochDay() * DAY_MILLIS;
      long b = (to.toEpochDay() + 1) * DAY_MILLIS;
      long t = day.toEpochDay() * DAY_MILLIS + DAY_MILLIS / 2;
      double f = b <= a ? 0.5 : (t - a) / (double) (b - a);
      return x0 + Math.max(0, Math.min(1, f)) * (x1 - x0);
    }
  }

  private static String svgOpen(int h, String label) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W + "\" height=\"" + h + "\" viewBox=\"0 0 " + W
        + " " + h + "\" role=\"img\" aria-label=\"" + HtmlReport.esc(label) + "\" font-size=\"11\" font-family=\"sans-serif\">";
  }

  private static void axes(StringBuilder sb, int x0, int y0, int x1, int y1) {
    sb.append("<line x1=\"").append(x0).append("\" y1=\"").append(y0).append("\" x2=\"").append(x0)
        .append("\" y2=\"").append(y1).append("\" stroke=\"#555\"/>");
    sb.append("<line x1=\"").append(x0).append("\" y1=\"").append(y1).append("\" x2=\"").append(x1)
        .append("\" y2=\"").append(y1).append("\" stroke=\"#555\"/>");
  }

  private static String text(double x, double y, String s, String anchor) {
    return "<text x=\"" + HtmlReport.fmt(x) + "\" y=\"" + HtmlReport.fmt(y) + "\" text-anchor=\"" + anchor + "\" fill=\"#333\">" + HtmlReport.esc(s)
        + "</text>";
  }

  /** As {@link HtmlReport#fmt(double)}, appended: a chart's thousands of coordinates need no string each. */
  private static StringBuilder fmt(StringBuilder sb, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) >= 1e15) {
      return sb.append(HtmlReport.fmt(v));
    }
    long tenths = Math.round(Math.abs(v) * 10);
    return sb.append(v < 0 ? "-" : "").append(tenths / 10).append('.').append(tenths % 10);
  }

  private static void point(StringBuilder sb, double x, double y) {
    fmt(fmt(sb, x).append(','), y);
  }
}
