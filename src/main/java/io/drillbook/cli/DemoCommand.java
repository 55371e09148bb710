package io.drillbook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drillbook.config.ConfigLoader;
import io.drillbook.config.DrillConfig;
import io.drillbook.config.DrillbookConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.kube.KubernetesCluster;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import io.drillbook.schedule.QuartzCron;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drillbook demo}: a real drill against the embedded sandbox, through the same code path as any drill. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Start the embedded sandbox with a Maestro-like deployment (two revisions) and run a real "
        + "rollback drill against it.", "No cluster needed."})
final class DemoCommand implements Callable<Integer> {
  static final Path DEFAULT_LOG = Path.of("drills", "sandbox-rollback-drill.md");
  static final Path DEFAULT_GITHUB_LOG = Path.of("drills", "sandbox-github-rollback-drill.md");

  private final Wiring wiring;
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
          + "cd-rollback.yml (default: ${DEFAULT-VALUE}).")
  RollbackMethod method;

  DemoCommand(Wiring wiring, Terminal terminal) {
    this.wiring = wiring;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    SandboxOptions options = simulation.applyTo(SandboxOptions.maestroDemo(Scenario.PASS));
    try (SandboxSupport box = SandboxSupport.start(options, null, terminal.progress(output.format))) {
      DrillbookConfig config = demoConfig(box);
      DrillConfig drill = config.drills().get(method == RollbackMethod.GITHUB_ACTIONS ? 1 : 0);
      try (KubernetesCluster cluster = wiring.cluster(drill.target().kubeconfig(), drill.target().context())) {
        return DrillCommand.run(wiring.service(cluster, config), drill, wiring, output.format, terminal);
      }
    }
  }

  private DrillbookConfig demoConfig(SandboxSupport box) throws Exception {
    String template;
    try (InputStream in = DemoCommand.class.getResourceAsStream("demo-drillbook.yaml")) {
      if (in == null) {
        throw new IOException("the built-in demo config is missing from the jar");
      }
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path defaultLog = method == RollbackMethod.GITHUB_ACTIONS ? DEFAULT_GITHUB_LOG : DEFAULT_LOG;
    Path evidence = (log == null ? defaultLog : log).toAbsolutePath().normalize();
    ObjectMapper json = new ObjectMapper();
    // JSON string literals are valid YAML double-quoted scalars, so any path or URL is quoted safely.
    Map<String, String> values = Map.of(
        "${KUBECONFIG}", json.writeValueAsString(box.kubeconfig().toString()),
        "${HEALTH_URL}", json.writeValueAsString(box.sandbox().healthUrl("intelgraph-staging", "maestro-orchestrator")),
        "${LOG}", json.writeValueAsString(evidence.toString()),
        "${GITHUB_API}", json.writeValueAsString(box.sandbox().githubApiUrl()),
        "${TOKEN_FILE}", json.writeValueAsString(box.githubTokenFile().toString()));
    for (Map.Entry<String, String> e : values.entrySet()) {
      template = template.replace(e.getKey(), e.getValue());
    }
    return new ConfigLoader(QuartzCron.SYNTAX).parse("built-in demo config", new StringReader(template), null);
  }
}
