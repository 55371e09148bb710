package io.drillbook.github;

import io.drillbook.time.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Wraps hub4j's HTTP connector with drillbook's {@link RetryPolicy}, so every hub4j call retries 5xx and waits out
 * short rate limits the same way the raw dispatch call does.
 */
final class RetryingConnector implements GitHubConnector {
  private final GitHubConnector delegate;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final Clock clock;

  RetryingConnector(GitHubConnector delegate, RetryPolicy policy, Sleeper sleeper, Clock clock) {
    this.delegate = delegate;
    this.policy = policy;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  @Override
  public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
    // The request goes out unchanged: hub4j reads its own request back from the response (to inject the client
    // into parsed objects), and its body is a byte array it re-reads on every send.
    RetryPolicy.Tally tally = new RetryPolicy.Tally();
    for (int attempt = 0; ; attempt++) {
      GitHubConnectorResponse response;
      try {
        response = delegate.send(request);
      } catch (java.net.http.HttpTimeoutException e) {
        // Reading again is harmless; sending a write again might do it twice, so only GETs are retried.
        Optional<Duration> again = "GET".equals(request.method()) ? policy.waitAfterTimeout(attempt) : Optional.empty();
        if (again.isEmpty()) {
          throw new java.net.http.HttpTimeoutException("GitHub did not answer " + request.method() + " "
              + request.url().getPath() + " within " + policy.requestTimeout().toSeconds() + " s"
              + (attempt > 0 ? " (" + (attempt + 1) + " attempts)" : ""));
        }
        pause(again.get(), request);
        continue;
      }
      Optional<Duration> wait;
      try {
        wait = policy.waitBefore(tally, response.statusCode(), response::header, () -> body(response), clock);
      } catch (GitHubException e) {
        // hub4j would report the final 403 as a bare HttpException; carry our message (naming the wait) out instead.
        response.close();
        throw new RateLimitedIOException(e);
      }
      if (wait.isEmpty()) {
        return response;
      }
      response.close();
      pause(wait.get(), request);
    }
  }

  /** The body, for telling a secondary rate limit from a plain 403; hub4j's responses can be read again. */
  private static String body(GitHubConnectorResponse response) {
    try (java.io.InputStream in = response.bodyStream()) {
      return in == null ? null : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  private void pause(Duration wait, GitHubConnectorRequest request) throws InterruptedIOException {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry " + request.method() + " "
          + request.url().getPath());
    }
  }

  /** Carries a {@link GitHubException} through hub4j, which only lets IOExceptions out of a connector. */
  static final class RateLimitedIOException extends IOException {
    RateLimitedIOException(GitHubException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
