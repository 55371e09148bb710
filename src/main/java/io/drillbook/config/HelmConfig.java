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
 * @param historyMax the {@code --history-max} the drill's rollbacks pass (default 10, Helm's own; 0 = no limit)
 */
public record HelmConfig(String release, String namespace, String binary, Duration timeout, int historyMax) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
  public static final int DEFAULT_HISTORY_MAX = 10;

  public HelmConfig(String release, String namespace, String binary, Duration timeout) {
    this(release, namespace, binary, timeout, DEFAULT_HISTORY_MAX);
  }

  public HelmConfig {
    Objects.requireNonNull(release, "'release' must not be null");
    Objects.requireNonNull(namespace, "'namespace' must not be null");
    binary = binary == null || binary.isBlank() ? "helm" : binary;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("'timeout' must be positive");
    }
    if (historyMax < 0) {
      throw new IllegalArgumentException("'historyMax' must be 0 (no limit) or more");
    }
  }
}
