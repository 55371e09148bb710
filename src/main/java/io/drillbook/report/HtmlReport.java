package io.drillbook.report;

import io.drillbook.drill.Verdict;
import io.drillbook.report.ComplianceReport.Gap;
import io.drillbook.report.ComplianceReport.MissingEvidence;
import io.drillbook.report.ComplianceReport.Run;
import io.drillbook.report.ComplianceReport.TargetReport;
import io.drillbook.report.ComplianceReport.UnreadableSection;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/**
 * Renders a {@link ComplianceReport} as one self-contained HTML page: inline CSS and inline SVG charts, no
 * JavaScript and no external resources. Per target it draws recovery time over time against a dashed
 * objective line, a pass/fail timeline with one mark per day (its worst verdict), and a weeks-by-days cadence calendar showing
 * the gaps.
 */
public final class HtmlReport {

  private static final int W = 760;
  private static final long DAY_MILLIS = 86_400_000L;
  /** Sections drawn ahead of the one being written: enough to keep a second core busy, each a few hundred KB. */
  static final int AHEAD = 2;
  private static final Map<Verdict, String> COLORS = new EnumMap<>(Map.of(
      Verdict.PASS, "#2e7d32", Verdict.FAIL, "#c62828", Verdict.INCONCLUSIVE, "#f9a825",
      Verdict.ABORTED, "#6a1b9a", Verdict.SKIPPED, "#9e9e9e", Verdict.MISSED, "#212121"));
  private static final Map<Compliance, String> BADGES = new EnumMap<>(Map.of(
      Compliance.COMPLIANT, "#2e7d32", Compliance.AT_RISK, "#ef6c00", Compliance.NON_COMPLIANT, "#c62828"));
  private static final String CSS = """
      body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1b1b1b;background:#fff}
      h1{font-size:22px;margin:0 0 8px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:14px;margin:14px 0 4px}
      table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#f2f2f2}.badge{display:inline-block;white-space:nowrap;padding:2px 8px;border-radius:4px;color:#fff;font-weight:600;font-size:12px}
      .num{text-align:right}svg{display:block;margin:4px 0 12px;background:#fafafa;border:1px solid #e0e0e0}
      .muted{color:#666;font-size:12px}ul{margin:4px 0;font-size:13px}
      """;

  private HtmlReport() {}

  /** The whole page. */
  public static String render(ComplianceReport report) {
    java.io.StringWriter out = new java.io.StringWriter();
    try {
      render(report, out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Writes the page to {@code out} one target at a time, so a report over years of daily drills never holds the
   * whole page in memory.
   */
  public static void render(ComplianceReport report, java.io.Writer out) throws java.io.IOException {
    render(report, out, Runnable::run);
  }

  /**
   * As {@link #render(ComplianceReport, java.io.Writer)}, drawing the next few targets' sections on {@code ahead}
   * while this thread draws and writes the current one, in order; at most {@link #AHEAD} sections wait in memory.
   */
  public static void render(ComplianceReport report, java.io.Writer out, Executor ahead) throws java.io.IOException {
    StringBuilder sb = new StringBuilder(32_768);
    String title = "Drill compliance: " + report.period().name();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title><style>").append(CSS).append("</style></head><body>\n");
    sb.append("<h1>").append(esc(title)).append("</h1>\n<p>Overall: ").append(badge(report.overall()))
        .append("</p>\n");
    sb.append("<table><tr><th>Target</th><th>Verdict</th><th>Runs</th><th>PASS</th><th>FAIL</th>")
        .append("<th>p50 s</th><th>p95 s</th><th>Within objective</th><th>Reasons</th></tr>\n");
    for (TargetReport t : report.targets()) {
      sb.append("<tr><td>").append(esc(t.target())).append("</td><td>").append(badge(t.compliance()))
          .append("</td><td class=\"num\">").append(t.runCount())
          .append("</td><td class=\"num\">").append(t.runsByVerdict().get(Verdict.PASS))
          .append("</td><td class=\"num\">").append(t.runsByVerdict().get(Verdict.FAIL))
          .append("</td><td class=\"num\">").append(MarkdownReport.seconds(t.recoveryP50()))
          .append("</td><td class=\"num\">").append(MarkdownReport.seconds(t.recoveryP95()))
          .append("</td><td class=\"num\">")
          .append(t.objectiveAttainment() == null ? "\u2013" : esc(ComplianceReport.percent(t.objectiveAttainment())))
          .append("</td><td>").append(list(t.reasons())).append("</td></tr>\n");
    }
    sb.append("</table>\n");
    out.append(sb);
    List<FutureTask<String>> sections = new ArrayList<>();
    report.targets().forEach(t -> sections.add(new FutureTask<>(() -> section(t))));
    int next = 1;
    for (int i = 0; i < sections.size(); i++) {
      for (; next < sections.size() && next <= i + AHEAD; next++) {
        ahead.execute(sections.get(next));
      }
      FutureTask<String> section = sections.get(i);
      section.run(); // does nothing if a helper has started it
      out.append(done(section));
      sections.set(i, null);
    }
    sb.setLength(0);
    if (!report.unreadable().isEmpty()) {
      sb.append("<h2>Unreadable evidence</h2>").append(shown(report.unreadable().size(), report.unreadableTotal()))
          .append("<table><tr><th>Where</th><th>Problem</th></tr>\n");
      for (UnreadableSection u : report.unreadable()) {
        sb.append("<tr><td>").append(esc(u.file() + ":" + u.line())).append("</td><td>").append(esc(u.message()))
            .append("</td></tr>\n");
      }
      sb.append("</table>\n");
    }
    sb.append("</body></html>\n");
    out.append(sb);
  }

  /** One target's part of the page: heading, charts, calendar and its lists. */
  private static String section(TargetReport t) {
    StringBuilder sb = new StringBuilder(32_768);
    sb.append("<h2>").append(esc(t.target())).append(" ").append(badge(t.compliance())).append("</h2>\n");
    sb.append("<p class=\"muted\">Judged ").append(t.from()).append(" to ").append(t.to()).append("</p>\n");
    sb.append("<h3>Recovery time</h3>\n").append(recoveryChart(t));
    sb.append("<h3>Runs</h3>\n").append(timeline(t));
    sb.append("<h3>Cadence calendar</h3>\n").append(calendar(t));
    if (!t.gaps().isEmpty()) {
      sb.append("<table><tr><th>Gap from</th><th>to</th><th>Days</th></tr>\n");
      for (Gap g : t.gaps()) {
        sb.append("<tr><td>").append(g.from()).append("</td><td>").append(g.to())
            .append("</td><td class=\"num\">").append(g.days()).append("</td></tr>\n");
      }
      sb.append("</table>\n");
    }
    if (!t.overObjective().isEmpty()) {
      sb.append("<h3>Runs over the objective</h3>").append(shown(t.overObjective().size(), t.overObjectiveTotal()))
          .append("<table><tr><th>Drill</th><th>Started</th><th>Recovery s</th>")
          .append("<th>Objective s</th></tr>\n");
      for (Run r : t.overObjective()) {
        sb.append("<tr><td>").append(esc(r.drillId())).append("</td><td>").append(r.startedAt())
            .append("</td><td class=\"num\">").append(MarkdownReport.seconds(r.recoverySeconds()))
            .append("</td><td class=\"num\">").append(MarkdownReport.seconds(r.objectiveSeconds()))
            .append("</td></tr>\n");
      }
      sb.append("</table>\n");
    }
    if (!t.incompleteEvidence().isEmpty()) {
      sb.append("<h3>Incomplete evidence</h3>")
          .append(shown(t.incompleteEvidence().size(), t.incompleteEvidenceTotal())).append("<table><tr><th>Drill</th><th>Where</th><th>Missing</th></tr>\n");
      for (MissingEvidence m : t.incompleteEvidence()) {
        sb.append("<tr><td>").append(esc(m.drillId())).append("</td><td>").append(esc(m.file() + ":" + m.line()))
            .append("</td><td>").append(esc(String.join(", ", m.missing()))).append("</td></tr>\n");
      }
      sb.append("</table>\n");
    }
    return sb.toString();
  }

  private static String done(FutureTask<String> section) {
    try {
      return section.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while drawing the HTML report", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static String recoveryChart(TargetReport t) {
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
    sb.append(text(left - 6, top + 4, fmt(yMax) + " s", "end"));
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
      objective.append(' ').append(fmt(W - right)).append(',').append(fmt(y.applyAsDouble(lastObjective)));
      sb.append("<polyline points=\"").append(objective)
          .append("\" fill=\"none\" stroke=\"#c62828\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>");
      sb.append(text(W - right - 4, y.applyAsDouble(lastObjective) - 5, "objective " + fmt(lastObjective) + " s", "end"));
    }
    if (!line.isEmpty()) {
      sb.append("<polyline points=\"").append(line).append("\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>");
    }
    sb.append(dots).append("</svg>\n");
    return sb.toString();
  }

  private static String timeline(TargetReport t) {
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
      lx += 110;
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

  private static String shown(int listed, int total) {
    return listed == total ? "" : "<p class=\"muted\">The latest " + listed + " of " + total + ".</p>";
  }

  private static String calendar(TargetReport t) {
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
        + " " + h + "\" role=\"img\" aria-label=\"" + esc(label) + "\" font-size=\"11\" font-family=\"sans-serif\">";
  }

  private static void axes(StringBuilder sb, int x0, int y0, int x1, int y1) {
    sb.append("<line x1=\"").append(x0).append("\" y1=\"").append(y0).append("\" x2=\"").append(x0)
        .append("\" y2=\"").append(y1).append("\" stroke=\"#555\"/>");
    sb.append("<line x1=\"").append(x0).append("\" y1=\"").append(y1).append("\" x2=\"").append(x1)
        .append("\" y2=\"").append(y1).append("\" stroke=\"#555\"/>");
  }

  private static String text(double x, double y, String s, String anchor) {
    return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\" fill=\"#333\">" + esc(s)
        + "</text>";
  }

  private static String badge(Compliance c) {
    return "<span class=\"badge\" style=\"background:" + BADGES.get(c) + "\">" + esc(c.label()) + "</span>";
  }

  private static String list(List<String> items) {
    if (items.isEmpty()) {
      return "\u2013";
    }
    StringBuilder sb = new StringBuilder("<ul>");
    items.forEach(i -> sb.append("<li>").append(esc(i)).append("</li>"));
    return sb.append("</ul>").toString();
  }

  /** One decimal, as {@code %.1f} would print it; String.format dominated rendering years of daily points. */
  static String fmt(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) >= 1e15) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    long tenths = Math.round(Math.abs(v) * 10);
    String sign = v < 0 ? "-" : "";
    return sign + (tenths / 10) + "." + (tenths % 10);
  }

  /** As {@link #fmt(double)}, appended: a chart's thousands of coordinates need no string each. */
  private static StringBuilder fmt(StringBuilder sb, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) >= 1e15) {
      return sb.append(fmt(v));
    }
    long tenths = Math.round(Math.abs(v) * 10);
    return sb.append(v < 0 ? "-" : "").append(tenths / 10).append('.').append(tenths % 10);
  }

  private static void point(StringBuilder sb, double x, double y) {
    fmt(fmt(sb, x).append(','), y);
  }

  static String esc(String s) {
    int n = s.length();
    int i = 0;
    while (i < n && !needsEscape(s.charAt(i))) {
      i++;
    }
    if (i == n) {
      // Most text (dates, counts, verdicts) has nothing to escape; copying it anyway showed in profiles.
      return s;
    }
    StringBuilder sb = new StringBuilder(n + 16).append(s, 0, i);
    for (char c : s.substring(i).toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean needsEscape(char c) {
    return c == '<' || c == '>' || c == '&' || c == '"' || c == '\'';
  }
}
