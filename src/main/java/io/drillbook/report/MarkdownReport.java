package io.drillbook.report;

import io.drillbook.report.ComplianceReport.Gap;
import io.drillbook.report.ComplianceReport.MissingEvidence;
import io.drillbook.report.ComplianceReport.Run;
import io.drillbook.report.ComplianceReport.TargetReport;
import io.drillbook.report.ComplianceReport.UnreadableSection;
import java.util.Locale;

/** Renders a {@link ComplianceReport} as GitHub-flavoured markdown, e.g. for a pull request. */
public final class MarkdownReport {

  private MarkdownReport() {}

  /** The whole report: summary table per target, then gaps, over-objective runs and evidence problems. */
  public static String render(ComplianceReport report) {
    StringBuilder sb = new StringBuilder();
    ReportPolicy p = report.policy();
    sb.append("# Drill compliance: ").append(report.period().name()).append("\n\n");
    sb.append("Overall: **").append(report.overall().label()).append("**. Policy: a PASS at least every ")
        .append(p.cadenceDays()).append(" days (")
        .append(p.cadenceGraceDays()).append(" days of grace before NON-COMPLIANT), at least ")
        .append(ComplianceReport.percent(p.minObjectiveAttainment())).append(" of runs within the objective")
        .append(p.requireFollowUpForFail() ? ", a follow-up issue for every FAIL" : "").append(".\n\n");
    sb.append("| Target | Verdict | Runs | PASS | FAIL | MISSED | SKIPPED | FROZEN | p50 s | p95 s | Within objective "
        + "| Reasons |\n");
    sb.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (TargetReport t : report.targets()) {
      sb.append("| ").append(cell(t.target())).append(" | **").append(t.compliance().label()).append("** | ")
          .append(t.runCount()).append(" | ")
          .append(t.runsByVerdict().get(io.drillbook.drill.Verdict.PASS)).append(" | ")
          .append(t.runsByVerdict().get(io.drillbook.drill.Verdict.FAIL)).append(" | ")
          .append(t.runsByVerdict().get(io.drillbook.drill.Verdict.MISSED)).append(" | ")
          .append(t.runsByVerdict().get(io.drillbook.drill.Verdict.SKIPPED)).append(" | ")
          .append(t.runsByVerdict().get(io.drillbook.drill.Verdict.FROZEN)).append(" | ")
          .append(seconds(t.recoveryP50())).append(" | ").append(seconds(t.recoveryP95())).append(" | ")
          .append(t.objectiveAttainment() == null ? "\u2013" : ComplianceReport.percent(t.objectiveAttainment()))
          .append(" | ").append(t.reasons().isEmpty() ? "\u2013" : cell(String.join("; ", t.reasons())))
          .append(" |\n");
    }
    for (TargetReport t : report.targets()) {
      sb.append("\n## ").append(t.target()).append(": ").append(t.compliance().label()).append("\n\n");
      sb.append("Judged ").append(t.from()).append(" to ").append(t.to()).append(".\n");
      if (!t.gaps().isEmpty()) {
        sb.append("\n**Cadence gaps**\n\n| From | To | Days | Frozen days |\n| --- | --- | ---: | ---: |\n");
        for (Gap g : t.gaps()) {
          sb.append("| ").append(g.from()).append(" | ").append(g.to()).append(" | ").append(g.days()).append(" | ")
              .append(g.frozenDays()).append(" |\n");
        }
      }
      if (!t.frozen().isEmpty()) {
        sb.append("\n**Frozen** (not run, not counted against the cadence)\n\n| Freeze | From | Until | Fires |\n")
            .append("| --- | --- | --- | ---: |\n");
        for (ComplianceReport.FrozenSpan f : t.frozen()) {
          sb.append("| ").append(cell(f.name())).append(" | ").append(f.from()).append(" | ").append(f.until())
              .append(" | ").append(f.fires()).append(" |\n");
        }
      }
      if (!t.overObjective().isEmpty()) {
        sb.append("\n**Runs over the objective**").append(shown(t.overObjective().size(), t.overObjectiveTotal()))
            .append("\n\n| Drill | Started | Verdict | Recovery s | Objective s |\n")
            .append("| --- | --- | --- | ---: | ---: |\n");
        for (Run r : t.overObjective()) {
          sb.append("| ").append(cell(r.drillId())).append(" | ").append(r.startedAt()).append(" | ")
              .append(r.verdict()).append(" | ").append(seconds(r.recoverySeconds())).append(" | ")
              .append(seconds(r.objectiveSeconds())).append(" |\n");
        }
      }
      if (!t.incompleteEvidence().isEmpty()) {
        sb.append("\n**Incomplete evidence**")
            .append(shown(t.incompleteEvidence().size(), t.incompleteEvidenceTotal())).append("\n\n| Drill | Where | Missing |\n| --- | --- | --- |\n");
        for (MissingEvidence m : t.incompleteEvidence()) {
          sb.append("| ").append(cell(m.drillId())).append(" | ").append(cell(m.file() + ":" + m.line()))
              .append(" | ").append(cell(String.join(", ", m.missing()))).append(" |\n");
        }
      }
      if (!t.stillFiring().isEmpty()) {
        sb.append("\n**Ended with alerts still active**").append(shown(t.stillFiring().size(), t.stillFiringTotal()))
            .append("\n\n| Drill | Started | Verdict | Alerts after the restore |\n| --- | --- | --- | --- |\n");
        for (ComplianceReport.StillFiring f : t.stillFiring()) {
          sb.append("| ").append(cell(f.drillId())).append(" | ").append(f.startedAt()).append(" | ")
              .append(f.verdict()).append(" | ").append(cell(f.alerts())).append(" |\n");
        }
      }
      if (!t.openFollowUps().isEmpty()) {
        sb.append("\n**Open follow-ups**\n\n");
        t.openFollowUps().forEach(f -> sb.append("- ").append(f.issue()).append(" (FAIL ")
            .append(f.drillId()).append(")\n"));
      }
    }
    if (!report.unreadable().isEmpty()) {
      sb.append("\n## Unreadable evidence").append(shown(report.unreadable().size(), report.unreadableTotal()))
          .append("\n\n| Where | Problem |\n| --- | --- |\n");
      for (UnreadableSection u : report.unreadable()) {
        sb.append("| ").append(cell(u.file() + ":" + u.line())).append(" | ").append(cell(u.message())).append(" |\n");
      }
    }
    return sb.toString();
  }

  private static String shown(int listed, int total) {
    return listed == total ? "" : " (the latest " + listed + " of " + total + ")";
  }

  static String seconds(Double s) {
    return s == null ? "\u2013" : oneDecimal(s);
  }

  /**
   * What {@code String.format("%.1f", v)} prints, without the formatter, which dominated rendering years of daily
   * runs: Formatter rounds the digits of {@link Double#toString} half up, so this does the same on that string.
   */
  static String oneDecimal(double v) {
    String s = Double.toString(v);
    int dot = s.indexOf('.');
    if (s.charAt(0) == '-' || dot < 0 || dot > 15 || s.indexOf('E') >= 0) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    long tenths = Long.parseLong(s, 0, dot, 10) * 10 + (s.charAt(dot + 1) - '0');
    if (dot + 2 < s.length() && s.charAt(dot + 2) >= '5') {
      tenths++;
    }
    return (tenths / 10) + "." + (tenths % 10);
  }

  private static String cell(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ");
  }
}
