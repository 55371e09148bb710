package io.drillbook.cli;

import picocli.CommandLine.Command;

/** {@code drillbook runbook ...}: what drillbook reads from a runbook, and whether it still matches reality. */
@Command(name = "runbook", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Read a runbook the way drills do.",
    subcommands = {RunbookShowCommand.class, RunbookCheckCommand.class, RunbookRulesCommand.class})
final class RunbookCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "missing subcommand; try 'drillbook runbook --help'");
  }
}
