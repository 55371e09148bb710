package io.drillbook.sandbox;

import io.drillbook.time.Timing;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How to start a {@link Sandbox}.
 *
 * @param port TCP port on 127.0.0.1; 0 picks a free one
 * @param rolloutDelay time per replica step of a simulated rollout
 * @param replicas replicas of every seeded Deployment
 * @param seeds Deployments to create at start
 * @param brokenImages images whose pods never become ready
 * @param clock source of timestamps written to status and of {@link RolloutCompletion#completedAt()}
 * @param workflowYaml text served as {@code .github/workflows/cd-rollback.yml} in every fake GitHub repository
 *     instead of the built-in one; null for the built-in workflow
 * @param olderGitHubServer behave like an older GitHub Enterprise Server whose workflow dispatch rejects
 *     {@code return_run_details}
 * @param githubToken the only token the fake GitHub API accepts
 * @param runStepDelay how long a dispatched workflow run stays in each step (queued, set-up) before moving on
 * @param crashingImages images that roll out and pass health checks but whose pods' logs repeat the same
 *     exception trace every few seconds
 * @param unsteadyImages images that roll out healthy but whose pods' CPU, as the metrics API reports it, swings
 *     between a low and a high level from one second to the next
 */
public record SandboxOptions(
    int port,
    Duration rolloutDelay,
    int replicas,
    List<SeedDeployment> seeds,
    Set<String> brokenImages,
    Clock clock,
    String workflowYaml,
    boolean olderGitHubServer,
    String githubToken,
    Duration runStepDelay,
    Set<String> crashingImages,
    Set<String> unsteadyImages) {

  /** The token the fake GitHub API accepts unless {@link #withGithubToken(String)} says otherwise. */
  public static final String DEFAULT_GITHUB_TOKEN = "sandbox-github-token";

  public SandboxOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    Objects.requireNonNull(rolloutDelay, "rolloutDelay");
    if (rolloutDelay.isNegative() || rolloutDelay.isZero()) {
      throw new IllegalArgumentException("rolloutDelay must be positive");
    }
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be at least 1");
    }
    seeds = List.copyOf(seeds);
    brokenImages = Set.copyOf(brokenImages);
    Objects.requireNonNull(clock, "clock");
    if (githubToken == null || githubToken.isBlank()) {
      throw new IllegalArgumentException("githubToken must not be blank");
    }
    Objects.requireNonNull(runStepDelay, "runStepDelay");
    if (runStepDelay.isNegative() || runStepDelay.isZero()) {
      throw new IllegalArgumentException("runStepDelay must be positive");
    }
    crashingImages = Set.copyOf(crashingImages);
    unsteadyImages = Set.copyOf(unsteadyImages);
  }

  /** The options without unsteady images, as before {@link #unsteadyImages()} existed. */
  public SandboxOptions(int port, Duration rolloutDelay, int replicas, List<SeedDeployment> seeds,
      Set<String> brokenImages, Clock clock, String workflowYaml, boolean olderGitHubServer, String githubToken,
      Duration runStepDelay, Set<String> crashingImages) {
    this(port, rolloutDelay, replicas, seeds, brokenImages, clock, workflowYaml, olderGitHubServer, githubToken,
        runStepDelay, crashingImages, Set.of());
  }

  /** The options without crashing images, as before {@link #crashingImages()} existed. */
  public SandboxOptions(int port, Duration rolloutDelay, int replicas, List<SeedDeployment> seeds,
      Set<String> brokenImages, Clock clock, String workflowYaml, boolean olderGitHubServer, String githubToken,
      Duration runStepDelay) {
    this(port, rolloutDelay, replicas, seeds, brokenImages, clock, workflowYaml, olderGitHubServer, githubToken,
        runStepDelay, Set.of());
  }

  /**
   * Free port, 1s per step, 3 replicas, no seeds, nothing broken, UTC system clock; the built-in workflow,
   * a current GitHub, token {@value #DEFAULT_GITHUB_TOKEN} and 500ms per workflow-run step.
   */
  public static SandboxOptions defaults() {
    return new SandboxOptions(0, Duration.ofSeconds(1), 3, List.of(), Set.of(), Timing.system().clock(), null, false,
        DEFAULT_GITHUB_TOKEN, Duration.ofMillis(500));
  }

  /** Defaults seeded with the {@link SeedDeployment#maestro() Maestro demo}, broken or crashing per the scenario. */
  public static SandboxOptions maestroDemo(Scenario scenario) {
    List<SeedDeployment> seeds = List.of(SeedDeployment.maestro());
    return defaults().withSeeds(seeds).withBrokenImages(scenario.brokenImages(seeds))
        .withCrashingImages(scenario.crashingImages(seeds)).withUnsteadyImages(scenario.unsteadyImages(seeds));
  }

  public SandboxOptions withPort(int port) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock, workflowYaml, olderGitHubServer,
        githubToken, runStepDelay, crashingImages, unsteadyImages);
  }

  public SandboxOptions withRolloutDelay(Duration rolloutDelay) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock, workflowYaml, olderGitHubServer,
        githubToken, runStepDelay, crashingImages, unsteadyImages);
  }

  public SandboxOptions withReplicas(int replicas) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock, workflowYaml, olderGitHubServer,
        githubToken, runStepDelay, crashingImages, unsteadyImages);
  }

  public SandboxOptions withSeeds(List<SeedDeployment> seeds) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock, workflowYaml, olderGitHubServer,
        githubToken, runStepDelay, crashingImages, unsteadyImages);
  }

  public SandboxOptions withBrokenImages(Set<String> brokenImages) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock, workflowYaml, olderGitHubServer,
        githubToken, runStepDelay, crashingImages, unsteadyImages);
  }

  public SandboxOptions withClock(Clock clock) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock, workflowYaml, olderGitHubServer,
        githubToken, runStepDelay, crashingImages, unsteadyImages);
  }

  /** Serves {@code workflowYaml} instead of the built-in cd-rollback.yml; null restores the built-in one. */
  public SandboxOptions withWorkflowYaml(String workflowYaml) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock, workflowYaml,
        olderGitHubServer, githubToken, runStepDelay, crashingImages, unsteadyImages);
  }

  /** Makes workflow dispatch reject {@code return_run_details} with 400, like an older GitHub Enterprise Server. */
  public SandboxOptions withOlderGitHubServer(boolean olderGitHubServer) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock, workflowYaml,
        olderGitHubServer, githubToken, runStepDelay, crashingImages, unsteadyImages);
  }

  public SandboxOptions withGithubToken(String githubToken) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock, workflowYaml,
        olderGitHubServer, githubToken, runStepDelay, crashingImages, unsteadyImages);
  }

  public SandboxOptions withRunStepDelay(Duration runStepDelay) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock, workflowYaml,
        olderGitHubServer, githubToken, runStepDelay, crashingImages, unsteadyImages);
  }

  /** Makes pods of these images report CPU swinging between a low and a high level in the metrics API. */
  public SandboxOptions withUnsteadyImages(Set<String> unsteadyImages) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock, workflowYaml,
        olderGitHubServer, githubToken, runStepDelay, crashingImages, unsteadyImages);
  }

  /** Makes pods of these images log a repeating exception trace while staying ready and healthy. */
  public SandboxOptions withCrashingImages(Set<String> crashingImages) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock, workflowYaml,
        olderGitHubServer, githubToken, runStepDelay, crashingImages, unsteadyImages);
  }

  /**
   * The sandbox-scaled progress deadline: {@code rolloutDelay * (replicas + 2)}. A healthy rollout needs
   * {@code replicas} steps, so this leaves two steps of slack before a stuck rollout is declared failed,
   * instead of the real default of 600s.
   */
  public Duration progressDeadline() {
    return rolloutDelay.multipliedBy(replicas + 2L);
  }
}
