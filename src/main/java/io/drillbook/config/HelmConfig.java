package io.drillbook.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The Helm release a {@code method: helm} drill rolls back with the real Helm CLI.
 *
 * @param release the release name
 * @param namespace the release's namespace (default: the target's)
 * @param binary the helm executable, a path or a name on the PATH (default {@code helm})
 * @param timeout how long one helm operation may take ({@code --timeout}; default 5m)
 */
public record HelmConfig(String release, String namespace, String binary, Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  public HelmConfig {
    Objects.requireNonNull(release, "'release' must not be null");
    Objects.requireNonNull(namespace, "'namespace' must not be null");
    binary = binary == null || binary.isBlank() ? "helm" : binary;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("'timeout' must be positive");
    }
  }
}
