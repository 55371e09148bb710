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
 * @param app GitHub App installation auth, used instead of a token when set
 */
public record GitHubConnection(URI apiUrl, Path tokenFile, Duration pollInterval, App app) {

  /**
   * GitHub App installation auth.
   *
   * @param appId the App's id
   * @param installationId the installation on the target organisation or repository
   * @param privateKeyFile the App's private key (PEM; PKCS#1 as GitHub issues it, or PKCS#8)
   */
  public record App(long appId, long installationId, Path privateKeyFile) {}

  public static final URI PUBLIC_API = URI.create("https://api.github.com");
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
  public static final GitHubConnection DEFAULT = new GitHubConnection(PUBLIC_API, null, DEFAULT_POLL, null);

  public GitHubConnection {
    Objects.requireNonNull(apiUrl, "'apiUrl' must not be null");
    Objects.requireNonNull(pollInterval, "'pollInterval' must not be null");
  }
}
