package io.drillbook.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * hub4j's requests over {@link HttpClient}, each bounded by a timeout. hub4j's own {@code HttpClientGitHubConnector}
 * sets none, so a GitHub that accepts the connection and never answers would hold a drill forever.
 */
final class TimedConnector implements GitHubConnector {
  private final HttpClient http;
  private final Duration timeout;

  TimedConnector(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  @Override
  public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
    HttpRequest.Builder builder;
    try {
      builder = HttpRequest.newBuilder(request.url().toURI()).timeout(timeout);
    } catch (URISyntaxException e) {
      throw new IOException("invalid URL " + request.url(), e);
    }
    for (Map.Entry<String, List<String>> header : request.allHeaders().entrySet()) {
      if (header.getValue() != null) {
        builder.header(header.getKey(), String.join(", ", header.getValue()));
      }
    }
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
    if (request.hasBody()) {
      try (InputStream in = request.body()) {
        body = HttpRequest.BodyPublishers.ofByteArray(in.readAllBytes());
      }
    }
    try {
      HttpResponse<byte[]> response = http.send(builder.method(request.method(), body).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      return new Response(request, response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw (InterruptedIOException) new InterruptedIOException(e.getMessage()).initCause(e);
    }
  }

  private static final class Response extends GitHubConnectorResponse.ByteArrayResponse {
    private final byte[] body;

    Response(GitHubConnectorRequest request, HttpResponse<byte[]> response) {
      super(request, response.statusCode(), response.headers().map());
      this.body = response.body() == null ? new byte[0] : response.body();
    }

    @Override
    protected InputStream rawBodyStream() {
      return new ByteArrayInputStream(body);
    }
  }
}
