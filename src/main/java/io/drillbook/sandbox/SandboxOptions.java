package io.drillbook.sandbox;

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
 */
public record SandboxOptions(
    int port,
    Duration rolloutDelay,
    int replicas,
    List<SeedDeployment> seeds,
    Set<String> brokenImages,
    Clock clock) {

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
  }

  /** Free port, 1s per step, 3 replicas, no seeds, nothing broken, UTC system clock. */
  public static SandboxOptions defaults() {
    return new SandboxOptions(0, Duration.ofSeconds(1), 3, List.of(), Set.of(), Clock.systemUTC());
  }

  /** Defaults seeded with the {@link SeedDeployment#maestro() Maestro demo}, broken per the scenario. */
  public static SandboxOptions maestroDemo(Scenario scenario) {
    List<SeedDeployment> seeds = List.of(SeedDeployment.maestro());
    return defaults().withSeeds(seeds).withBrokenImages(scenario.brokenImages(seeds));
  }

  public SandboxOptions withPort(int port) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock);
  }

  public SandboxOptions withRolloutDelay(Duration rolloutDelay) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock);
  }

  public SandboxOptions withReplicas(int replicas) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock);
  }

  public SandboxOptions withSeeds(List<SeedDeployment> seeds) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock);
  }

  public SandboxOptions withBrokenImages(Set<String> brokenImages) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock);
  }

  public SandboxOptions withClock(Clock clock) {
    return new SandboxOptions(port, rolloutDelay, replicas, seeds, brokenImages, clock);
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
