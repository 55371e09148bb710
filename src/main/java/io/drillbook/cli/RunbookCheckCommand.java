package io.drillbook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drillbook.app.Drillbook;
import io.drillbook.app.RunbookCheck;
import io.drillbook.drift.Finding;
import io.drillbook.drift.Finding.Severity;
import io.drillbook.runbook.Runbook;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drillbook runbook check RUNBOOK}: does the runbook still describe reality? */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Compare a runbook with reality: the namespaces, deployments, label selectors and HPAs its "
        + "commands name, its Helm release, the workflow its 'gh workflow run' dispatches (every -f input declared, "
        + "no required input left out), the metrics its PromQL reads, the alerting rules Prometheus holds for its "
        + "alerts (present, same threshold and comparator, same metrics), its evidence file.",
        "Exit 0 when clean, 1 when drift is found, 3 when a source could not be reached."})
final class RunbookCheckCommand implements Callable<Integer> {
  private final Drillbook drillbook;
  private final Terminal terminal;

  @Parameters(index = "0", paramLabel = "RUNBOOK", description = "The runbook (markdown).")
  Path runbook;

  @Option(names = "--config", paramLabel = "FILE",
      description = "drillbook config: its GitHub connection and github-actions drill name the repository, its "
          + "prometheus.url the metrics source, and a drill using this runbook the cluster.")
  Path config;

  @Mixin
  ClusterOptions cluster;

  @Option(names = "--repository", paramLabel = "OWNER/NAME",
      description = "Repository of the runbook's workflow and evidence file (default: from the config).")
  String repository;

  @Mixin
  OutputOption output;

  RunbookCheckCommand(Drillbook drillbook, Terminal terminal) {
    this.drillbook = drillbook;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    RunbookCheck check = drillbook.audits().checkRunbook(runbook, config, cluster.kubeconfig, cluster.context,
        repository);
    List<Finding> findings = check.findings();
    print(check.runbook(), findings, terminal.out());
    if (findings.stream().anyMatch(f -> f.severity() == Severity.DRIFT)) {
      return ExitCodes.FAILED;
    }
    return findings.stream().anyMatch(f -> f.severity() == Severity.UNREACHABLE) ? ExitCodes.NOT_JUDGED
        : ExitCodes.OK;
  }

  private void print(Runbook parsed, List<Finding> findings, PrintWriter out) {
    long drift = findings.stream().filter(f -> f.severity() == Severity.DRIFT).count();
    long unreachable = findings.stream().filter(f -> f.severity() == Severity.UNREACHABLE).count();
    if (output.format == OutputFormat.json) {
      ObjectNode json = new ObjectMapper().createObjectNode();
      json.put("runbook", parsed.source());
      json.put("sha256", parsed.sha256());
      json.put("drift", drift);
      json.put("unreachable", unreachable);
      ArrayNode list = json.putArray("findings");
      for (Finding f : findings) {
        list.addObject().put("severity", f.severity().name()).put("line", f.line()).put("source", f.source())
            .put("message", f.message());
      }
      out.println(json);
    } else {
      out.printf(Locale.ROOT, "runbook check %s: %d drift, %d unreachable%n", parsed.source(), drift, unreachable);
      for (Finding f : findings) {
        out.printf(Locale.ROOT, "  %-11s line %-4d %-10s %s%n", f.severity(), f.line(), f.source(),
            Text.printable(f.message()));
      }
    }
    out.flush();
  }
}
