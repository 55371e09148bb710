package io.drillbook.cli;

import picocli.CommandLine.Command;

/** {@code drillbook audit ...}: checks an auditor runs on evidence logs. */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Check evidence logs.", subcommands = {AuditVerifyCommand.class})
final class AuditCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "missing subcommand; try 'drillbook audit --help'");
  }
}
