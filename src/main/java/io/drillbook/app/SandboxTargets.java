package io.drillbook.app;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.DrillbookConfig;
import io.drillbook.config.EvidenceStoreConfig;
import io.drillbook.config.FollowUpConfig;
import io.drillbook.config.GitHubConnection;
import io.drillbook.config.HealthConfig;
import io.drillbook.config.TargetConfig;
import io.drillbook.config.WorkflowConfig;
import io.drillbook.runbook.NamespaceMap;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.SeedDeployment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the embedded sandbox and points drills at it. Lives in the composition root because the core never imports
 * the sandbox: only this package wires one to the other.
 */
public final class SandboxTargets implements AutoCloseable {
  public static final String CONTEXT = "drillbook-sandbox";
  /** The sandbox hosts repository {@code sandbox/<deployment>} per seeded deployment, with this workflow. */
  public static final String SANDBOX_OWNER = "sandbox";
  public static final String SANDBOX_WORKFLOW = "cd-rollback.yml";

  private final Sandbox sandbox;
  private final Path kubeconfig;
  private final boolean ownsKubeconfig;
  private final Path githubTokenFile;

  private SandboxTargets(Sandbox sandbox, Path kubeconfig, boolean ownsKubeconfig, Path githubTokenFile) {
    this.sandbox = sandbox;
    this.kubeconfig = kubeconfig;
    this.ownsKubeconfig = ownsKubeconfig;
    this.githubTokenFile = githubTokenFile;
  }

  /** A sandbox seeded with one deployment per distinct target of {@code drills}. */
  public static SandboxTargets forDrills(List<DrillConfig> drills, PrintWriter progress) throws IOException {
    return start(SandboxOptions.defaults().withSeeds(seedsFor(drills)), null, progress);
  }

  public static SandboxTargets start(SandboxOptions options, Path kubeconfigFile, PrintWriter progress) throws IOException {
    Sandbox sandbox = Sandbox.start(options);
    try {
      boolean owns = kubeconfigFile == null;
      Path kubeconfig = owns ? Files.createTempFile("drillbook-sandbox-", ".kubeconfig") : kubeconfigFile;
      sandbox.writeKubeconfig(kubeconfig);
      Path tokenFile = writeSecret(sandbox.githubToken());
      progress.printf("sandbox: Kubernetes API at %s, %d deployment(s), rollout step %d ms%n",
          sandbox.kubernetesUrl(), options.seeds().size(), options.rolloutDelay().toMillis());
      progress.flush();
      return new SandboxTargets(sandbox, kubeconfig, owns, tokenFile);
    } catch (IOException | RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }

  /**
   * One seed per distinct namespace/deployment, with enough revisions for each drill's {@code toRevision}; images
   * are {@code registry.example.com/<deployment>:1.0.N}.
   */
  public static List<SeedDeployment> seedsFor(List<DrillConfig> drills) {
    Map<String, Integer> revisions = new LinkedHashMap<>();
    Map<String, TargetConfig> targets = new LinkedHashMap<>();
    for (DrillConfig d : drills) {
      String key = d.target().qualifiedName();
      targets.putIfAbsent(key, d.target());
      int needed = Math.max(2, (int) Math.min(20, d.toRevision().orElse(1) + 1));
      revisions.merge(key, needed, Math::max);
    }
    List<SeedDeployment> seeds = new ArrayList<>();
    targets.forEach((key, t) -> {
      List<String> images = new ArrayList<>();
      for (int i = 0; i < revisions.get(key); i++) {
        images.add("registry.example.com/" + t.deployment() + ":1.0." + i);
      }
      seeds.add(SeedDeployment.of(t.namespace(), t.deployment(), "app", images));
    });
    return seeds;
  }

  /** A file holding the sandbox's GitHub token, readable by this user only; deleted on close. */
  private static Path writeSecret(String token) throws IOException {
    Path file;
    try {
      file = Files.createTempFile("drillbook-sandbox-github-", ".token",
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      file = Files.createTempFile("drillbook-sandbox-github-", ".token");
    }
    Files.writeString(file, token);
    return file;
  }

  public Path githubTokenFile() {
    return githubTokenFile;
  }

  /**
   * The config aimed at the sandbox: its GitHub API and token, follow-ups in the sandbox repository of the first
   * target, evidence in local files (rehearsals never commit to a real repository).
   */
  public DrillbookConfig rewire(DrillbookConfig config) {
    GitHubConnection github = new GitHubConnection(URI.create(sandbox.githubApiUrl()), githubTokenFile,
        Duration.ofMillis(250), null);
    FollowUpConfig followUp = config.followUp() == null ? null : new FollowUpConfig(
        SANDBOX_OWNER + "/" + config.drills().get(0).target().deployment(), config.followUp().labels(),
        config.followUp().closeOnPass());
    return new DrillbookConfig(config.source(), config.drills().stream().map(this::rewire).toList(), github,
        followUp, EvidenceStoreConfig.LOCAL, config.prometheus(), config.scheduler(), config.safety(),
        NamespaceMap.LITERAL, null, null, List.of(), config.freezes()); // a rehearsal keeps the real freezes
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public String context() {
    return CONTEXT;
  }

  /**
   * The drill aimed at the sandbox: its kubeconfig and context, the sandbox's health endpoint, environment
   * {@code sandbox}, and a sibling log {@code NAME.sandbox.md} so rehearsals never mix with real evidence.
   */
  DrillConfig rewire(DrillConfig drill) {
    TargetConfig t = drill.target();
    TargetConfig target = new TargetConfig(CONTEXT, kubeconfig, t.namespace(), t.deployment());
    HealthConfig health = drill.health() == null ? null
        : new HealthConfig(URI.create(sandbox.healthUrl(t.namespace(), t.deployment())), 200);
    String logName = drill.evidenceLog().getFileName().toString().replaceFirst("(\\.md)?$", ".sandbox.md");
    WorkflowConfig workflow = drill.workflow() == null ? null
        : new WorkflowConfig(SANDBOX_OWNER + "/" + t.deployment(), SANDBOX_WORKFLOW, "main", drill.workflow().inputs(),
            drill.workflow().restoreInputs());
    DrillConfig.Evidence evidence = new DrillConfig.Evidence(drill.evidenceLog().resolveSibling(logName),
        drill.evidencePath().replaceFirst("(\\.md)?$", ".sandbox.md"));
    return new DrillConfig(drill.name(), "sandbox", target,
        new DrillConfig.Rollback(drill.method(), drill.toRevision(), drill.restore(), workflow, drill.helm(),
            drill.fallback()),
        new DrillConfig.Judging(drill.objective(), health, drill.timeouts(), drill.verification()), evidence,
        drill.schedule(), drill.safety());
  }

  @Override
  public void close() {
    sandbox.close();
    try {
      Files.deleteIfExists(githubTokenFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (ownsKubeconfig) {
      try {
        Files.deleteIfExists(kubeconfig);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
