package io.drillbook.report;

import io.drillbook.drill.Verdict;
import io.drillbook.report.ComplianceReport.Gap;
import io.drillbook.report.ComplianceReport.MissingEvidence;
import io.drillbook.report.ComplianceReport.Run;
import io.drillbook.report.ComplianceReport.TargetReport;
import io.drillbook.report.ComplianceReport.UnreadableSection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
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

  /** Sections drawn ahead of the one being written: enough to keep a second core busy, each a few hundred KB. */
  static final int AHEAD = 2;
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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      render(report, out, Runnable::run);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Writes the page to {@code out} as UTF-8, one target at a time, so a report over years of daily drills never holds
   * the whole page in memory; the next few targets' sections are drawn on {@code ahead} while this thread draws and
   * writes the current one, in order, and at most {@link #AHEAD} of them wait in memory. Each section is encoded in
   * one call, which is far cheaper on mostly ASCII text than a Writer's encoder.
   */
  public static void render(ComplianceReport report, OutputStream out, Executor ahead) throws IOException {
    StringBuilder sb = new StringBuilder(32_768);
    String title = "Drill compliance: " + report.period().name();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title><style>").append(CSS).append("</style></head><body>\n");
    sb.append("<h1>").append(esc(title)).append("</h1>\n<p>Overall: ").append(badge(report.overall()))
        .append("</p>\n");
    sb.append("<table><tr><th>Target</th><th>Verdict</th><th>Runs</th><th>PASS</th><th>FAIL</th><th>MISSED</th>")
        .append("<th>SKIPPED</th><th>FROZEN</th>")
        .append("<th>p50 s</th><th>p95 s</th><th>Within objective</th><th>Reasons</th></tr>\n");
    for (TargetReport t : report.targets()) {
      sb.append("<tr><td>").append(esc(t.target())).append("</td><td>").append(badge(t.compliance()))
          .append("</td><td class=\"num\">").append(t.runCount())
          .append("</td><td class=\"num\">").append(t.runsByVerdict().get(Verdict.PASS))
          .append("</td><td class=\"num\">").append(t.runsByVerdict().get(Verdict.FAIL))
          .append("</td><td class=\"num\">").append(t.runsByVerdict().get(Verdict.MISSED))
          .append("</td><td class=\"num\">").append(t.runsByVerdict().get(Verdict.SKIPPED))
          .append("</td><td class=\"num\">").append(t.runsByVerdict().get(Verdict.FROZEN))
          .append("</td><td class=\"num\">").append(MarkdownReport.seconds(t.recoveryP50()))
          .append("</td><td class=\"num\">").append(MarkdownReport.seconds(t.recoveryP95()))
          .append("</td><td class=\"num\">")
          .append(t.objectiveAttainment() == null ? "\u2013" : esc(ComplianceReport.percent(t.objectiveAttainment())))
          .append("</td><td>").append(list(t.reasons())).append("</td></tr>\n");
    }
    sb.append("</table>\n");
    write(out, sb.toString());
    List<FutureTask<String>> sections = new ArrayList<>();
    report.targets().forEach(t -> sections.add(new FutureTask<>(() -> section(t))));
    int next = 1;
    for (int i = 0; i < sections.size(); i++) {
      for (; next < sections.size() && next <= i + AHEAD; next++) {
        ahead.execute(sections.get(next));
      }
      FutureTask<String> section = sections.get(i);
      section.run(); // does nothing if a helper has started it
      write(out, done(section));
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
    write(out, sb.toString());
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  /** One target's part of the page: heading, charts, calendar and its lists. */
  private static String section(TargetReport t) {
    StringBuilder sb = new StringBuilder(32_768);
    sb.append("<h2>").append(esc(t.target())).append(" ").append(badge(t.compliance())).append("</h2>\n");
    sb.append("<p class=\"muted\">Judged ").append(t.from()).append(" to ").append(t.to()).append("</p>\n");
    sb.append("<h3>Recovery time</h3>\n").append(HtmlCharts.recoveryChart(t));
    sb.append("<h3>Runs</h3>\n").append(HtmlCharts.timeline(t));
    sb.append("<h3>Cadence calendar</h3>\n").append(HtmlCharts.calendar(t));
    if (!t.gaps().isEmpty()) {
      sb.append("<table><tr><th>Gap from</th><th>to</th><th>Days</th><th>Frozen days</th></tr>\n");
      for (Gap g : t.gaps()) {
        sb.append("<tr><td>").append(g.from()).append("</td><td>").append(g.to())
            .append("</td><td class=\"num\">").append(g.days())
            .append("</td><td class=\"num\">").append(g.frozenDays()).append("</td></tr>\n");
      }
      sb.append("</table>\n");
    }
    if (!t.frozen().isEmpty()) {
      sb.append("<h3>Frozen</h3><p class=\"muted\">Not run, not counted against the cadence</p>")
          .append("<table><tr><th>Freeze</th><th>From</th><th>Until</th><th>Fires</th></tr>\n");
      for (ComplianceReport.FrozenSpan f : t.frozen()) {
        sb.append("<tr><td>").append(esc(f.name())).append("</td><td>").append(f.from()).append("</td><td>")
            .append(f.until()).append("</td><td class=\"num\">").append(f.fires()).append("</td></tr>\n");
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
    if (!t.stillFiring().isEmpty()) {
      sb.append("<h3>Ended with alerts still active</h3>").append(shown(t.stillFiring().size(), t.stillFiringTotal()))
          .append("<table><tr><th>Drill</th><th>Started</th><th>Verdict</th><th>Alerts after the restore</th></tr>\n");
      for (ComplianceReport.StillFiring f : t.stillFiring()) {
        sb.append("<tr><td>").append(esc(f.drillId())).append("</td><td>").append(f.startedAt()).append("</td><td>")
            .append(f.verdict()).append("</td><td>").append(esc(f.alerts())).append("</td></tr>\n");
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

  private static String shown(int listed, int total) {
    return listed == total ? "" : "<p class=\"muted\">The latest " + listed + " of " + total + ".</p>";
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
