package io.drillbook.sandbox;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/** How a rollback drill against the sandbox should turn out. */
public enum Scenario {
  /** Every image works, so rolling back succeeds. */
  PASS,
  /** The previous revision's image (second-newest) is broken, so rolling back to it never becomes healthy. */
  FAIL;

  /** The images this scenario marks broken for the given seeds. */
  public Set<String> brokenImages(Collection<SeedDeployment> seeds) {
    if (this == PASS) {
      return Set.of();
    }
    return seeds.stream()
        .map(SeedDeployment::previousImage)
        .filter(image -> image != null)
        .collect(Collectors.toUnmodifiableSet());
  }
}
