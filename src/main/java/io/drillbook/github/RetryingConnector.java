package io.drillbook.github;

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
    for (int attempt = 0; ; attempt++) {
      GitHubConnectorResponse response = delegate.send(request);
      Optional<Duration> wait;
      try {
        wait = policy.waitBefore(attempt, response.statusCode(), response::header, clock);
      } catch (GitHubException e) {
        // hub4j would report the final 403 as a bare HttpException; carry our message (naming the wait) out instead.
        response.close();
        throw new RateLimitedIOException(e);
      }
      if (wait.isEmpty()) {
        return response;
      }
      response.close();
      try {
        sleeper.sleep(wait.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting to retry " + request.method() + " "
            + request.url().getPath());
      }
    }
  }

  /** Carries a {@link GitHubException} through hub4j, which only lets IOExceptions out of a connector. */
  static final class RateLimitedIOException extends IOException {
    RateLimitedIOException(GitHubException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
