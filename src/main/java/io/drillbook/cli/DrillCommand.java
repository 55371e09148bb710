package io.drillbook.cli;

import io.drillbook.app.DrillNow;
import io.drillbook.app.DrillPlan;
import io.drillbook.app.Drillbook;
import io.drillbook.app.PlanRequest;
import io.drillbook.config.DrillConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.PreflightException;
import io.drillbook.drill.RollbackPlan;
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
  private final Drillbook drillbook;
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

  @Option(names = "--ignore-freeze", description = "Run the drill even inside one of its freeze windows; the "
      + "entry records the freeze and who overrode it. Without it a frozen drill is recorded FROZEN and not run.")
  boolean ignoreFreeze;

  DrillCommand(Drillbook drillbook, Terminal terminal) {
    this.drillbook = drillbook;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    PlanRequest request = PlanRequest.of(config).withCluster(cluster.kubeconfig, cluster.context).onSandbox(sandbox);
    try (DrillPlan plan = drillbook.plan(request, terminal.progress(outputOption.format))) {
      if (dryRun) {
        return dryRun(plan);
      }
      return run(drillbook, plan, name, allowProduction, ignoreFreeze, outputOption.format, terminal);
    }
  }

  /** Runs drill {@code name} of {@code plan} now, printing its progress and then its verdict. */
  static int run(Drillbook drillbook, DrillPlan plan, String name, boolean allowProduction, boolean ignoreFreeze,
      OutputFormat output, Terminal terminal) throws Exception {
    DrillConfig drill = plan.drill(name);
    Abort abort = new Abort();
    try (SignalGuard guard = new SignalGuard(abort, drill.timeouts().restore().plusMinutes(1))) {
      DrillNow now = drillbook.drillNow(plan, name, allowProduction, ignoreFreeze, abort,
          new ProgressPrinter(terminal.progress(output), drillbook.timing()));
      RunPrinter.print(now.run(), output, terminal);
      if (now.run().evidenceError() != null) {
        return ExitCodes.NOT_JUDGED;
      }
      return ExitCodes.of(now.run().record().verdict());
    }
  }

  private int dryRun(DrillPlan drills) throws Exception {
    DrillConfig drill = drills.drill(name);
    RollbackPlan plan;
    try {
      plan = drillbook.dryRun(drills, name, allowProduction);
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
      plan.warnings().forEach(json.putArray("warnings")::add);
      if (plan.ownership().reconciled()) {
        json.put("reconciledBy", plan.ownership().describe());
        plan.ownership().pauseSteps().forEach(p -> json.withArray("wouldPause").add(p.pauseText()));
      }
      if (plan.fallback() != null) {
        var second = json.putObject("fallback");
        second.put("method", drill.fallback().method().configName());
        second.put("fromRevision", plan.fallback().fromRevision());
        second.put("fromImage", plan.fallback().fromImage());
        second.put("toRevision", plan.fallback().toRevision());
        second.put("toImage", plan.fallback().toImage());
      }
      out.println(json);
    } else {
      out.printf("dry run of %s on %s: preflight passed, nothing changed%n", drill.name(),
          drill.target().qualifiedName());
      out.printf("  would roll back: revision %d (%s) -> revision %d (%s)%n", plan.fromRevision(),
          Text.printable(plan.fromImage()), plan.toRevision(), Text.printable(plan.toImage()));
      if (plan.fallback() != null) {
        out.printf("  if that gives up: %s from revision %d (%s) -> revision %d (%s)%n",
            drill.fallback().method().configName(), plan.fallback().fromRevision(),
            Text.printable(plan.fallback().fromImage()), plan.fallback().toRevision(),
            Text.printable(plan.fallback().toImage()));
      }
      if (plan.ownership().reconciled()) {
        out.printf("  reconciled by:   %s%n", Text.printable(plan.ownership().describe()));
        plan.ownership().pauseSteps().forEach(p -> out.printf("  would pause:     %s (put back after the restore)%n",
            Text.printable(p.pauseText())));
      }
      out.printf("  then restore:    revision %d (%s)%s%n", plan.fromRevision(), Text.printable(plan.fromImage()),
          drill.restore() ? "" : " -- disabled (restore: false)");
      plan.warnings().forEach(w -> out.printf("  warning: %s%n", Text.printable(w)));
      if (plan.alreadyAtTarget()) {
        out.println("  note: the current template already matches the target; the drill would be INCONCLUSIVE");
      }
    }
    out.flush();
    return plan.alreadyAtTarget() ? ExitCodes.NOT_JUDGED : ExitCodes.OK;
  }
}
