package io.drillbook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drillbook.app.DrillPlan;
import io.drillbook.app.Drillbook;
import io.drillbook.app.PlanRequest;
import io.drillbook.app.SandboxTargets;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.SeedDeployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drillbook sandbox}: the embedded sandbox as a standalone server other processes can drill against. */
@Command(name = "sandbox", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Serve the embedded sandbox (a Kubernetes API with a rollout simulator) until interrupted.",
        "Writes a kubeconfig for it, prints its URLs, then a line 'ready'."})
final class SandboxCommand implements Callable<Integer> {
  static final String DRILL_NAME = "sandbox-kubernetes";
  static final String GITHUB_DRILL_NAME = "sandbox-github-actions";

  private final Drillbook drillbook;
  private final Terminal terminal;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Seed one deployment per target this config names (default: the Maestro-like demo deployment).")
  Path config;

  @Option(names = "--port", paramLabel = "N", defaultValue = "0",
      description = "Port to listen on, 127.0.0.1 only (default: a free port).")
  int port;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Where to write the kubeconfig (default: a file under the system temp dir).")
  Path kubeconfig;

  @Option(names = "--write-config", paramLabel = "FILE",
      description = "Write a drillbook config with a drill named '" + DRILL_NAME + "' targeting the sandbox.")
  Path writeConfig;

  @Option(names = "--log", paramLabel = "FILE",
      description = "Evidence log for the written config (default: under the system temp dir).")
  Path log;

  @Mixin
  SimulationOptions simulation;

  @Option(names = "--workflow", paramLabel = "FILE",
      description = "Serve this workflow YAML as each sandbox repository's cd-rollback.yml, to rehearse against your "
          + "real workflow definition (default: a built-in one declaring environment, image_tag and drill_id).")
  Path workflow;

  SandboxCommand(Drillbook drillbook, Terminal terminal) {
    this.drillbook = drillbook;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new UsageException("--port must be between 0 and 65535, was " + port);
    }
    List<SeedDeployment> seeds;
    if (config == null) {
      seeds = List.of(SeedDeployment.maestro());
    } else {
      try (DrillPlan plan = drillbook.plan(PlanRequest.of(config), terminal.out())) {
        seeds = SandboxTargets.seedsFor(plan.drills());
      }
    }
    SandboxOptions options = simulation.applyTo(SandboxOptions.defaults().withSeeds(seeds).withPort(port));
    if (workflow != null) {
      try {
        options = options.withWorkflowYaml(Files.readString(workflow));
      } catch (java.nio.file.NoSuchFileException e) {
        throw new UsageException("--workflow " + workflow + ": no such file");
      } catch (java.nio.charset.MalformedInputException e) {
        throw new UsageException("--workflow " + workflow + ": not UTF-8 text");
      }
    }
    Path kubeconfigFile = kubeconfig != null ? kubeconfig
        : Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "drillbook-sandbox"))
            .resolve("kubeconfig-" + ProcessHandle.current().pid());
    var out = terminal.out();
    CountDownLatch stopped = new CountDownLatch(1);
    SandboxTargets box = SandboxTargets.start(options, kubeconfigFile, out);
    Thread hook = new Thread(() -> {
      box.close();
      stopped.countDown();
    }, "drillbook-sandbox-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("kubernetes: " + box.sandbox().kubernetesUrl());
    out.println("github api: " + box.sandbox().githubApiUrl() + " (token in " + box.githubTokenFile() + ")");
    out.println("kubeconfig: " + kubeconfigFile.toAbsolutePath() + " (context " + box.context() + ")");
    for (SeedDeployment seed : seeds) {
      out.println("deployment: " + seed.namespace() + "/" + seed.name() + " on " + seed.currentImage()
          + (options.brokenImages().contains(seed.previousImage()) ? " (previous image " + seed.previousImage()
              + " is broken)" : ""));
      out.println("health:     " + box.sandbox().healthUrl(seed.namespace(), seed.name()));
    }
    if (writeConfig != null) {
      writeDrillConfig(box, seeds.get(0));
      out.println("config:     " + writeConfig.toAbsolutePath() + " (drills " + DRILL_NAME + ", "
          + GITHUB_DRILL_NAME + ")");
    }
    out.println("ready");
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  private void writeDrillConfig(SandboxTargets box, SeedDeployment seed) throws IOException {
    Path logDir = Path.of(System.getProperty("java.io.tmpdir"), "drillbook-sandbox");
    Path evidence = log != null ? log.toAbsolutePath() : logDir.resolve(DRILL_NAME + ".md");
    Path githubEvidence = log != null ? log.toAbsolutePath() : logDir.resolve(GITHUB_DRILL_NAME + ".md");
    ObjectMapper json = new ObjectMapper();
    String repository = SandboxTargets.SANDBOX_OWNER + "/" + seed.name();
    String target = ""
        + "    target:\n"
        + "      context: " + box.context() + "\n"
        + "      kubeconfig: " + json.writeValueAsString(box.kubeconfig().toAbsolutePath().toString()) + "\n"
        + "      namespace: " + seed.namespace() + "\n"
        + "      deployment: " + seed.name() + "\n";
    String judged = ""
        + "    objective: 1m\n"
        + "    health:\n"
        + "      url: " + json.writeValueAsString(box.sandbox().healthUrl(seed.namespace(), seed.name())) + "\n"
        + "      expectStatus: 200\n"
        + "    timeouts: { rollout: 2m, health: 30s }\n";
    String yaml = "# Written by 'drillbook sandbox': drills against the sandbox at " + box.sandbox().kubernetesUrl()
        + "\n"
        + "github:\n"
        + "  apiUrl: " + json.writeValueAsString(box.sandbox().githubApiUrl()) + "\n"
        + "  tokenFile: " + json.writeValueAsString(box.githubTokenFile().toString()) + "\n"
        + "  pollInterval: 250ms\n"
        + "followUp:\n"
        + "  repository: " + repository + "\n"
        + "  labels: [drill-failure]\n"
        + "drills:\n"
        + "  - name: " + DRILL_NAME + "\n"
        + "    environment: sandbox\n"
        + target
        + "    method: kubernetes\n"
        + judged
        + "    evidenceLog: " + json.writeValueAsString(evidence.toString()) + "\n"
        + "  - name: " + GITHUB_DRILL_NAME + "\n"
        + "    environment: sandbox\n"
        + target
        + "    method: github-actions\n"
        + "    github:\n"
        + "      repository: " + repository + "\n"
        + "      workflow: " + SandboxTargets.SANDBOX_WORKFLOW + "\n"
        + "      ref: main\n"
        + "      inputs:\n"
        + "        environment: staging\n"
        + "        image_tag: \"${previousImageTag}\"\n"
        + judged
        + "    evidenceLog: " + json.writeValueAsString(githubEvidence.toString()) + "\n";
    Path file = writeConfig.toAbsolutePath();
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Path tmp = Files.createTempFile(file.getParent(), ".drillbook-config", ".tmp");
    Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
