package io.drillbook.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How drillbook reaches GitHub. The token comes from {@code tokenFile} when set (a mounted secret), else from the
 * {@code GITHUB_TOKEN} environment variable; it is read when needed and never stored in config values or printed.
 *
 * @param apiUrl REST API root: {@code https://api.github.com}, or {@code https://HOST/api/v3} for Enterprise Server
 * @param tokenFile file holding the token, or null to use {@code GITHUB_TOKEN}
 * @param pollInterval first interval between polls of a workflow run (it grows to 8 times this)
 */
public record GitHubConnection(URI apiUrl, Path tokenFile, Duration pollInterval) {
  public static final URI PUBLIC_API = URI.create("https://api.github.com");
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
  public static final GitHubConnection DEFAULT = new GitHubConnection(PUBLIC_API, null, DEFAULT_POLL);

  public GitHubConnection {
    Objects.requireNonNull(apiUrl, "'apiUrl' must not be null");
    Objects.requireNonNull(pollInterval, "'pollInterval' must not be null");
  }
}
