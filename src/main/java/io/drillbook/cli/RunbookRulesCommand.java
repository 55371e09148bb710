package io.drillbook.cli;

import io.drillbook.app.Drillbook;
import io.drillbook.app.InputException;
import io.drillbook.app.RunbookRules;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drillbook runbook rules RUNBOOK}: the runbook's alert table as Prometheus alerting rules. */
@Command(name = "rules", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Write the runbook's alert table as a Prometheus rule file (or a PrometheusRule manifest) that "
        + "Prometheus loads and 'promtool check rules' accepts: one alerting rule per stated threshold, "
        + "'(query) > limit' in Prometheus's units (10 % is 0.1, 300 ms is 0.3), the runbook's condition as its "
        + "summary. Nothing is invented: an alert without a query, without a numeric threshold, or with a "
        + "percentage over a bare rate takes the config's thresholds.<alert> query, denominator or skip, and "
        + "'for' only comes from thresholds.<alert>.for.",
        "When any alert cannot be written, nothing is written: each is named on stderr with its runbook line, and "
            + "the exit code is 1. Exit 0 when every alert was written (skipped ones are listed on stderr)."})
final class RunbookRulesCommand implements Callable<Integer> {
  enum Format { rules, prometheusrule }

  private final Drillbook drillbook;
  private final Terminal terminal;

  @Parameters(index = "0", paramLabel = "RUNBOOK", description = "The runbook (markdown).")
  Path runbook;

  @Option(names = "--config", paramLabel = "FILE",
      description = "drillbook config whose drill verifying against this runbook gives thresholds.<alert> "
          + "overrides (query, denominator, for, skip).")
  Path config;

  @Option(names = "--format", paramLabel = "rules|prometheusrule", defaultValue = "rules",
      description = "rules: a Prometheus rule file (rule_files:); prometheusrule: a monitoring.coreos.com/v1 "
          + "PrometheusRule for the Prometheus Operator (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--group", paramLabel = "NAME",
      description = "The rule group's name (default: the runbook's file name without .md).")
  String group;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The PrometheusRule's metadata.name (default: the group's name).")
  String name;

  @Option(names = "--namespace", paramLabel = "NS", description = "The PrometheusRule's metadata.namespace.")
  String namespace;

  @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
  Path out;

  RunbookRulesCommand(Drillbook drillbook, Terminal terminal) {
    this.drillbook = drillbook;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    RunbookRules rules = drillbook.audits().alertRules(runbook, config,
        new RunbookRules.Shape(format == Format.prometheusrule, group, name, namespace));
    PrintWriter err = terminal.err();
    rules.skipped().forEach((alert, why) -> err.printf(Locale.ROOT, "%s: alert %s skipped (config: %s)%n", runbook,
        alert, Text.printable(why)));
    if (!rules.unwritable().isEmpty()) {
      for (String line : rules.unwritable()) {
        err.printf(Locale.ROOT, "%s:%s%n", runbook, Text.printable(line.substring("line ".length())));
      }
      err.printf(Locale.ROOT, "drillbook: %d alert%s could not be written; nothing was written%n",
          rules.unwritable().size(), rules.unwritable().size() == 1 ? "" : "s");
      err.flush();
      return ExitCodes.FAILED;
    }
    String text = rules.text();
    if (out == null) {
      terminal.out().print(text);
      terminal.out().flush();
    } else {
      try {
        Files.writeString(out, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new InputException("cannot write " + out + ": " + e.getMessage());
      }
      err.printf(Locale.ROOT, "wrote %d rules to %s%n", rules.written(), out);
    }
    err.flush();
    return ExitCodes.OK;
  }
}
