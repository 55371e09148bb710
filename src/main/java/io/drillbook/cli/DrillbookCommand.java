package io.drillbook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code drillbook} command; all work happens in subcommands. */
@Command(name = "drillbook", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Proves, on a schedule, that a staging service can really be rolled back.",
    subcommands = {DrillCommand.class, DemoCommand.class, SandboxCommand.class, RunbookCommand.class, ScheduleCommand.class, AuditCommand.class, ReportCommand.class, RecoverCommand.class},
    footer = {"", "Exit codes: 0 passed, 1 drill failed, 2 bad usage/config/input, 3 not judged "
        + "(inconclusive, aborted, infrastructure)."})
final class DrillbookCommand implements Runnable {
  @Option(names = "--stacktrace", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Print stack traces for errors (for bug reports).")
  boolean stacktrace;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command; try 'drillbook --help'");
  }
}
