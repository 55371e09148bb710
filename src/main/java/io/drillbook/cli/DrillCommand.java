package io.drillbook.cli;

import io.drillbook.config.ConfigLoader;
import io.drillbook.config.DrillConfig;
import io.drillbook.config.DrillbookConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.DrillService;
import io.drillbook.drill.DrillService.DrillRun;
import io.drillbook.drill.PreflightException;
import io.drillbook.drill.Recovery;
import io.drillbook.drill.RollbackPlan;
import io.drillbook.drill.Verdict;
import io.drillbook.kube.KubernetesCluster;
import io.drillbook.schedule.OnDemand;
import io.drillbook.schedule.QuartzCron;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drillbook drill NAME}: the on-demand trigger. */
@Command(name = "drill", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Run one rollback drill declared in the config, now.")
final class DrillCommand implements Callable<Integer> {
  private final Wiring wiring;
  private final Terminal terminal;

  @Parameters(index = "0", paramLabel = "NAME", description = "Name of the drill in the config.")
  String name;

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "drillbook.yaml",
      description = "Config file (default: ${DEFAULT-VALUE}).")
  Path config;

  @Mixin
  ClusterOptions cluster;

  @Option(names = "--dry-run", description = "Run preflight only and print the plan; change nothing.")
  boolean dryRun;

  @Mixin
  OutputOption outputOption;

  @Option(names = "--sandbox", description = "Drill against the embedded sandbox, seeded with every target the "
      + "config names, instead of a real cluster.")
  boolean sandbox;

  @Option(names = "--allow-production", description = "Let a drill with allowProduction: true run against a target "
      + "that looks like production (both are required).")
  boolean allowProduction;

  DrillCommand(Wiring wiring, Terminal terminal) {
    this.wiring = wiring;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    DrillbookConfig cfg = new ConfigLoader(QuartzCron.SYNTAX).load(config);
    DrillConfig drill = cfg.drill(name).orElseThrow(() -> new UsageException(
        "no drill named '" + name + "' in " + config + "; it declares: " + String.join(", ", cfg.drillNames())));
    if (sandbox) {
      try (SandboxSupport box = SandboxSupport.forDrills(cfg.drills(), terminal.progress(outputOption.format))) {
        return drill(box.rewire(cfg), box.rewire(drill), box.kubeconfig(), box.context());
      }
    }
    return drill(cfg, drill, cluster.kubeconfigFor(drill), cluster.contextFor(drill));
  }

  private int drill(DrillbookConfig cfg, DrillConfig drill, Path kubeconfig, String context) throws Exception {
    if (kubeconfig != null && !java.nio.file.Files.isRegularFile(kubeconfig)) {
      throw new UsageException("kubeconfig " + kubeconfig + " does not exist or is not a file");
    }
    try (KubernetesCluster target = wiring.cluster(kubeconfig, context)) {
      DrillService service = wiring.service(target, cfg, allowProduction);
      if (dryRun) {
        return dryRun(service, drill);
      }
      // A drill that died on this target earlier left staging marked (and maybe rolled back): recover it first.
      java.util.List<Recovery.Found> found = wiring.recovery(target, cfg, service)
          .run(java.util.List.of(drill), "drillbook drill");
      RecoveryReport.printLines(found, terminal.progress(outputOption.format));
      java.util.Optional<Recovery.Found> running = found.stream()
          .filter(f -> f.outcome() == Recovery.Outcome.IN_PROGRESS).findFirst();
      if (running.isPresent()) {
        // Its holder was seen alive: this drill must not follow on its heels as if the target were free.
        DrillRun skipped = service.recordNotRun(drill, wiring.timing().now(), Verdict.SKIPPED,
            "another drill of " + drill.target().qualifiedName() + " is running: " + running.get().message());
        RunPrinter.print(skipped, outputOption.format, terminal);
        return skipped.evidenceError() != null ? ExitCodes.NOT_JUDGED : ExitCodes.of(Verdict.SKIPPED);
      }
      return run(service, drill, wiring, outputOption.format, terminal);
    }
  }

  /**
   * The on-demand trigger: the drill runs as a Quartz job fired now (the same job a schedule fires), and this
   * waits for that run's verdict.
   */
  static int run(DrillService service, DrillConfig drill, Wiring wiring, OutputFormat output, Terminal terminal)
      throws InterruptedException {
    var progress = terminal.progress(output);
    progress.printf("drill %s: %s rollback of %s (%s), objective %.0f s, evidence %s%n", drill.name(),
        drill.method().configName(), drill.target().qualifiedName(), Text.printable(drill.environment()),
        drill.objective().toMillis() / 1000.0, drill.evidenceLog());
    progress.flush();
    Abort abort = new Abort();
    try (SignalGuard guard = new SignalGuard(abort, drill.timeouts().restore().plusMinutes(1))) {
      DrillRun run = new OnDemand(service, wiring.timing()).run(drill, abort,
          new ProgressPrinter(progress, wiring.timing()));
      RunPrinter.print(run, output, terminal);
      if (run.evidenceError() != null) {
        return ExitCodes.NOT_JUDGED;
      }
      return ExitCodes.of(run.record().verdict());
    }
  }

  private int dryRun(DrillService service, DrillConfig drill) throws Exception {
    RollbackPlan plan;
    try {
      plan = service.engine().plan(drill);
    } catch (PreflightException e) {
      terminal.err().println("drillbook: preflight refused: " + e.getMessage());
      return ExitCodes.NOT_JUDGED;
    }
    var out = terminal.out();
    if (outputOption.format == OutputFormat.json) {
      var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
      json.put("drill", drill.name());
      json.put("namespace", drill.target().namespace());
      json.put("deployment", drill.target().deployment());
      json.put("fromRevision", plan.fromRevision());
      json.put("fromImage", plan.fromImage());
      json.put("toRevision", plan.toRevision());
      json.put("toImage", plan.toImage());
      json.put("alreadyAtTarget", plan.alreadyAtTarget());
      out.println(json);
    } else {
      out.printf("dry run of %s on %s: preflight passed, nothing changed%n", drill.name(),
          drill.target().qualifiedName());
      out.printf("  would roll back: revision %d (%s) -> revision %d (%s)%n", plan.fromRevision(),
          Text.printable(plan.fromImage()), plan.toRevision(), Text.printable(plan.toImage()));
      out.printf("  then restore:    revision %d (%s)%s%n", plan.fromRevision(), Text.printable(plan.fromImage()),
          drill.restore() ? "" : " -- disabled (restore: false)");
      if (plan.alreadyAtTarget()) {
        out.println("  note: the current template already matches the target; the drill would be INCONCLUSIVE");
      }
    }
    out.flush();
    return plan.alreadyAtTarget() ? ExitCodes.NOT_JUDGED : ExitCodes.OK;
  }
}
