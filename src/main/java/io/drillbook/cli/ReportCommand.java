package io.drillbook.cli;

import io.drillbook.app.Drillbook;
import io.drillbook.app.ReportRun;
import io.drillbook.report.Compliance;
import io.drillbook.report.ComplianceReport;
import io.drillbook.report.ComplianceReport.TargetReport;
import io.drillbook.report.Period;
import io.drillbook.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drillbook report LOG...}: the compliance report for a period, in markdown, HTML and JSON. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Write the compliance report of evidence logs (files, or folders of *.md logs): cadence kept, "
        + "recovery within objective, evidence complete, follow-ups; a verdict per target.",
        "Writes drill-compliance-<period>.md, .html and .json. Exit 0 when every target is COMPLIANT, 1 otherwise."})
final class ReportCommand implements Callable<Integer> {
  private final Drillbook drillbook;
  private final Terminal terminal;

  @Parameters(arity = "1..*", paramLabel = "LOG", description = "Evidence logs, or folders holding them.")
  List<Path> logs;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports",
      description = "Folder for the report files (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--since", paramLabel = "DATE", description = "First day of the period (YYYY-MM-DD, UTC).")
  String since;

  @Option(names = "--until", paramLabel = "DATE", description = "Last day of the period (YYYY-MM-DD, UTC).")
  String until;

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy YAML (cadenceDays, cadenceGraceDays, "
      + "minObjectiveAttainment, requireFollowUpForFail); default: a PASS per target every 7 days, 90 %% within "
      + "objective, a follow-up for every FAIL.")
  Path policy;

  ReportCommand(Drillbook drillbook, Terminal terminal) {
    this.drillbook = drillbook;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws IOException {
    Period period = new Period(date("--since", since), date("--until", until));
    if (period.since() != null && period.until() != null && period.until().isBefore(period.since())) {
      throw new UsageException("--until " + until + " is before --since " + since);
    }
    ReportRun run = drillbook.audits().report(logs, policy, period, out);
    ComplianceReport report = run.report();
    ReportWriter.ReportFiles written = run.written();
    List<Path> files = run.logs();
    PrintWriter w = terminal.out();
    w.printf(Locale.ROOT, "compliance report (%s), %d log(s): %s%n", period.name(), files.size(),
        report.overall().label());
    for (TargetReport t : report.targets()) {
      w.printf(Locale.ROOT, "  %-14s %s%n", t.compliance().label(), t.target());
      t.reasons().forEach(reason -> w.printf(Locale.ROOT, "                   - %s%n", Text.printable(reason)));
    }
    report.unreadable().forEach(u -> w.printf(Locale.ROOT, "  unreadable: %s:%d: %s%n", u.file(), u.line(),
        Text.printable(u.message())));
    w.printf(Locale.ROOT, "written: %s, %s, %s%n", written.markdown(), written.html(), written.json());
    w.flush();
    return report.overall() == Compliance.COMPLIANT ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private static LocalDate date(String option, String value) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UsageException(option + " '" + value + "' is not a date; write YYYY-MM-DD");
    }
  }
}
