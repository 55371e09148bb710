package io.drillbook.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    GitHubConnectorRequest replayable = Replayable.of(request);
    for (int attempt = 0; ; attempt++) {
      GitHubConnectorResponse response = delegate.send(replayable);
      Optional<Duration> wait;
      try {
        wait = policy.waitBefore(attempt, response.statusCode(), response::header, clock);
      } catch (GitHubException e) {
        // Let hub4j raise its own HttpException for the final response; the message names the wait.
        return response;
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

  /** A request whose body can be sent again: hub4j's may be a one-shot stream. */
  private record Replayable(GitHubConnectorRequest request, byte[] bytes) implements GitHubConnectorRequest {
    static Replayable of(GitHubConnectorRequest request) throws IOException {
      byte[] body = null;
      if (request.hasBody()) {
        try (InputStream in = request.body()) {
          body = in == null ? null : in.readAllBytes();
        }
      }
      return new Replayable(request, body);
    }

    @Override
    public String method() {
      return request.method();
    }

    @Override
    public Map<String, List<String>> allHeaders() {
      return request.allHeaders();
    }

    @Override
    public String header(String name) {
      return request.header(name);
    }

    @Override
    public String contentType() {
      return request.contentType();
    }

    @Override
    public InputStream body() {
      return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    @Override
    public URL url() {
      return request.url();
    }

    @Override
    public boolean hasBody() {
      return bytes != null;
    }
  }
}
