package io.drillbook.cli;

import io.drillbook.config.ConfigLoader;
import io.drillbook.config.DrillConfig;
import io.drillbook.config.DrillbookConfig;
import io.drillbook.drill.ClusterException;
import io.drillbook.drill.Recovery.Found;
import io.drillbook.drill.Recovery.Outcome;
import io.drillbook.kube.KubernetesCluster;
import io.drillbook.schedule.QuartzCron;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
  private final Wiring wiring;
  private final Terminal terminal;

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "drillbook.yaml",
      description = "Config file (default: ${DEFAULT-VALUE}).")
  Path config;

  @Mixin
  ClusterOptions cluster;

  @Mixin
  OutputOption outputOption;

  RecoverCommand(Wiring wiring, Terminal terminal) {
    this.wiring = wiring;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    DrillbookConfig cfg = new ConfigLoader(QuartzCron.SYNTAX).load(config);
    Map<List<Object>, List<DrillConfig>> byCluster = new LinkedHashMap<>();
    for (DrillConfig d : cfg.drills()) {
      byCluster.computeIfAbsent(java.util.Arrays.asList(cluster.kubeconfigFor(d), cluster.contextFor(d)),
          k -> new ArrayList<>()).add(d);
    }
    List<Found> found = new ArrayList<>();
    for (List<DrillConfig> drills : byCluster.values()) {
      DrillConfig first = drills.get(0);
      try (KubernetesCluster target = wiring.cluster(cluster.kubeconfigFor(first), cluster.contextFor(first))) {
        found.addAll(wiring.recovery(target, cfg, wiring.service(target, cfg))
            .run(drills, "drillbook recover"));
      } catch (ClusterException e) {
        drills.stream().map(d -> d.target().qualifiedName()).distinct().forEach(t ->
            found.add(new Found(t, Outcome.UNCHECKED, null, "cannot reach the cluster: " + e.getMessage(), null)));
      }
    }
    long targets = cfg.drills().stream().map(d -> d.target().qualifiedName() + "@"
        + Objects.toString(cluster.kubeconfigFor(d)) + "@" + cluster.contextFor(d)).distinct().count();
    if (outputOption.format == OutputFormat.json) {
      terminal.out().println(RecoveryReport.json(found, (int) targets));
      terminal.out().flush();
    } else if (found.isEmpty()) {
      terminal.out().printf("recover: no drill-in-progress marker on the %d target(s) of %s; nothing to do%n",
          targets, config);
      terminal.out().flush();
    } else {
      RecoveryReport.printLines(found, terminal.out());
    }
    return RecoveryReport.exitCode(found);
  }
}
