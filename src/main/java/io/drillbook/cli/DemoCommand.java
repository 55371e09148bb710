package io.drillbook.cli;

import io.drillbook.app.DrillPlan;
import io.drillbook.app.Drillbook;
import io.drillbook.config.RollbackMethod;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drillbook demo}: a real drill against the embedded sandbox, through the same code path as any drill. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Start the embedded sandbox with a Maestro-like deployment (two revisions) and run a real "
        + "rollback drill against it.", "No cluster needed."})
final class DemoCommand implements Callable<Integer> {
  private final Drillbook drillbook;
  private final Terminal terminal;

  @Mixin
  SimulationOptions simulation;

  @Option(names = "--log", paramLabel = "FILE", description = "Evidence log to append to (default: " +
      "drills/sandbox-rollback-drill.md).")
  Path log;

  @Mixin
  OutputOption output;

  @Option(names = "--method", paramLabel = "kubernetes|github-actions", defaultValue = "kubernetes",
      converter = MethodConverter.class,
      description = "Roll back through the Kubernetes API, or by dispatching the sandbox's GitHub Actions workflow "
          + "cd-rollback.yml (default: ${DEFAULT-VALUE}); helm: on a real cluster (--kubeconfig) with the helm CLI, "
          + "in a scratch namespace the demo creates and removes.")
  RollbackMethod method;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "--method helm: the cluster's kubeconfig (default: $KUBECONFIG, ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "--method helm: the kube context.")
  String context;

  @Option(names = "--helm", paramLabel = "BINARY", description = "--method helm: the helm CLI (default: helm on "
      + "the PATH).")
  String helm;

  DemoCommand(Drillbook drillbook, Terminal terminal) {
    this.drillbook = drillbook;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (method == RollbackMethod.HELM) {
      try (DrillPlan plan = drillbook.helmDemoPlan(kubeconfig, context, helm, log, terminal.progress(output.format))) {
        return DrillCommand.run(drillbook, plan, plan.drills().get(0).name(), false, false, output.format, terminal);
      }
    }
    if (kubeconfig != null || context != null || helm != null) {
      throw new UsageException("--kubeconfig, --context and --helm are for --method helm; the other demos run on "
          + "the embedded sandbox");
    }
    SandboxOptions options = simulation.applyTo(SandboxOptions.maestroDemo(Scenario.PASS));
    try (DrillPlan plan = drillbook.demoPlan(options, method, log, terminal.progress(output.format))) {
      return DrillCommand.run(drillbook, plan, Drillbook.demoDrill(method), false, false, output.format, terminal);
    }
  }
}
