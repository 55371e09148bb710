package io.drillbook.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * A JSON HTTP API behind a base URL and an optional bearer token, as the clients of Alertmanager and Grafana use it:
 * one synchronous request at a time, every failure one line naming the service, its URL and the request, never the
 * token.
 */
public final class JsonApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String service;
  private final URI baseUrl;
  private final String bearerToken;
  private final Duration timeout;
  private final HttpClient http;

  /** One answer: its status and its body, parsed when it is JSON (else null). */
  public record Answer(int status, JsonNode json, String contentType, String body) {
    public boolean ok() {
      return status / 100 == 2;
    }
  }

  /** A failed request, as the client's own exception type. */
  @FunctionalInterface
  public interface Failure<E extends Exception> {
    E of(String message, Throwable cause);
  }

  /**
   * @param service the service's name for messages, e.g. {@code Alertmanager}
   * @param baseUrl http or https, without credentials; a path prefix is kept
   * @param bearerToken sent as {@code Authorization: Bearer ...}, or null; never printed
   * @param timeout how long one request may take, connecting included
   * @throws IllegalArgumentException on another scheme, credentials in the URL or a timeout that is not positive
   */
  public JsonApi(String service, URI baseUrl, String bearerToken, Duration timeout) {
    Objects.requireNonNull(baseUrl, "'baseUrl' must not be null");
    Objects.requireNonNull(timeout, "'timeout' must not be null");
    if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
      throw new IllegalArgumentException(service + " URL must be http or https: " + baseUrl.getScheme());
    }
    if (baseUrl.getRawUserInfo() != null) {
      throw new IllegalArgumentException(service + " URL must not hold credentials; give a token file instead");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("'timeout' must be positive: " + timeout);
    }
    String text = baseUrl.toString();
    this.service = service;
    this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.bearerToken = bearerToken == null || bearerToken.isBlank() ? null : bearerToken.strip();
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * Sends {@code method pathAndQuery} with {@code body} (JSON, or null for none) and returns the answer, whatever
   * its status; only a transport failure throws.
   */
  public <E extends Exception> Answer send(String method, String pathAndQuery, Object body, String what,
      Failure<E> failure) throws E, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(timeout)
        .header("Accept", "application/json").header("User-Agent", "drillbook");
    if (bearerToken != null) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
    try {
      request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String type = response.headers().firstValue("Content-Type").orElse("");
      return new Answer(response.statusCode(), parse(response.body()), type, response.body());
    } catch (HttpConnectTimeoutException e) {
      throw failure.of(service + " at " + baseUrl + " is unreachable: no connection within " + timeout.toMillis()
          + " ms (" + what + ")", e);
    } catch (HttpTimeoutException e) {
      throw failure.of(service + " at " + baseUrl + " did not answer within " + timeout.toMillis() + " ms (" + what
          + ")", e);
    } catch (IOException e) {
      throw failure.of(service + " at " + baseUrl + " is unreachable: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())) + " (" + what + ")", e);
    }
  }

  /**
   * The message for an answer that is not the success {@code what} needs: a refused token, a proxy or login page,
   * or the service's own error text.
   */
  public String refusal(Answer answer, String what) {
    String prefix = service + " at " + baseUrl + " ";
    if (answer.json() == null) {
      if (answer.status() == 401 || answer.status() == 403) {
        return prefix + "refused " + what + " with HTTP " + answer.status() + "; check the token and its permissions";
      }
      String start = snippet(answer.body());
      return prefix + "answered " + what + " with HTTP " + answer.status() + " and a body that is not its JSON API ("
          + (answer.contentType().isBlank() ? "no content type" : answer.contentType())
          + (start.isEmpty() ? ", empty" : ": " + start) + "); is the URL pointing at a proxy or login page?";
    }
    JsonNode json = answer.json();
    String message = json.isTextual() ? json.asText() : json.path("message").asText(json.path("error").asText(""));
    return prefix + (answer.status() == 401 || answer.status() == 403 ? "refused " : "answered ") + what
        + " with HTTP " + answer.status() + (message.isBlank() ? "" : ": " + snippet(message))
        + (answer.status() == 401 || answer.status() == 403 ? "; check the token and its permissions" : "");
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  static String snippet(String text) {
    if (text == null) {
      return "";
    }
    String line = oneLine(text);
    return line.length() > 120 ? line.substring(0, 120) + "..." : line;
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  @Override
  public String toString() {
    return service + "[baseUrl=" + baseUrl + ", bearerToken=" + (bearerToken == null ? "none" : "<hidden>")
        + ", timeout=" + timeout + "]";
  }
}
