package io.drillbook.cli;

import io.drillbook.app.DrillPlan;
import io.drillbook.app.Drillbook;
import io.drillbook.app.PlanRequest;
import io.drillbook.app.Recovered;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drillbook recover}: restores staging after drills that died mid-drill (a killed process, a lost node). */
@Command(name = "recover", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Find drill-in-progress markers on the targets of the configured drills; where the drill is dead "
        + "(its Lease went unrenewed for its duration as watched from here, or its process on this host is gone; "
        + "whatever its deadline), roll staging forward to its original release, remove the "
        + "marker and append the drill's ABORTED entry. Markers of drills that may still run are only reported.",
        "Exit 0: nothing to do, all recovered, or only running drills; 1: a restore did not bring the original "
            + "release back; 3: a target could not be checked or acted on."})
final class RecoverCommand implements Callable<Integer> {
  private final Drillbook drillbook;
  private final Terminal terminal;

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "drillbook.yaml",
      description = "Config file (default: ${DEFAULT-VALUE}).")
  Path config;

  @Mixin
  ClusterOptions cluster;

  @Mixin
  OutputOption outputOption;

  RecoverCommand(Drillbook drillbook, Terminal terminal) {
    this.drillbook = drillbook;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    Recovered recovered;
    try (DrillPlan plan = drillbook.plan(PlanRequest.of(config).withCluster(cluster.kubeconfig, cluster.context),
        terminal.out())) {
      recovered = drillbook.recover(plan);
    }
    if (outputOption.format == OutputFormat.json) {
      terminal.out().println(RecoveryReport.json(recovered.found(), recovered.targetsChecked()));
      terminal.out().flush();
    } else if (recovered.found().isEmpty()) {
      terminal.out().printf("recover: no drill-in-progress marker on the %d target(s) of %s; nothing to do%n",
          recovered.targetsChecked(), config);
      terminal.out().flush();
    } else {
      RecoveryReport.printLines(recovered.found(), terminal.out());
    }
    return RecoveryReport.exitCode(recovered.found());
  }
}
