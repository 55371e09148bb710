package io.drillbook.sandbox;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/** How a rollback drill against the sandbox should turn out. */
public enum Scenario {
  /** Every image works, so rolling back succeeds. */
  PASS,
  /** The previous revision's image (second-newest) is broken, so rolling back to it never becomes healthy. */
  FAIL,
  /**
   * The previous revision's image is crashing: rolling back to it completes and its health check answers 200,
   * but its pods' logs repeat the same exception trace every few seconds.
   */
  CRASH,
  /**
   * The previous revision's image rolls out healthy with clean logs, but its pods' CPU swings between a low and a
   * high level from one second to the next in the metrics API: {@code kubectl top pod} never shows steady
   * utilization.
   */
  UNSTEADY;

  /** The images this scenario marks broken for the given seeds. */
  public Set<String> brokenImages(Collection<SeedDeployment> seeds) {
    return this == FAIL ? previousImages(seeds) : Set.of();
  }

  /** The images this scenario marks crashing for the given seeds. */
  public Set<String> crashingImages(Collection<SeedDeployment> seeds) {
    return this == CRASH ? previousImages(seeds) : Set.of();
  }

  /** The images this scenario makes unsteady for the given seeds. */
  public Set<String> unsteadyImages(Collection<SeedDeployment> seeds) {
    return this == UNSTEADY ? previousImages(seeds) : Set.of();
  }

  private static Set<String> previousImages(Collection<SeedDeployment> seeds) {
    return seeds.stream()
        .map(SeedDeployment::previousImage)
        .filter(image -> image != null)
        .collect(Collectors.toUnmodifiableSet());
  }
}
