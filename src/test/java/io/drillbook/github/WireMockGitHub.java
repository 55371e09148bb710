package io.drillbook.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.drillbook.time.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A WireMock server answering like api.github.com: fixtures from {@code src/test/resources/github/}, GitHub's usual
 * response headers, and a client whose waits are recorded instead of slept.
 */
abstract class WireMockGitHub {
  static final String TOKEN = "ghp_test_token_value";
  static final String REPO = "acme/maestro";
  static final long WORKFLOW_ID = 161335;
  static final long RUN_ID = 15402938471L;
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  /** Every wait the client asked for, in order. */
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final Sleeper recordingSleeper = sleeps::add;

  GitHubClient client() throws GitHubException {
    return client(Clock.systemUTC());
  }

  GitHubClient client(Clock clock) throws GitHubException {
    return GitHubClient.connect(URI.create(wm.baseUrl()), GitHubToken.of(TOKEN, "test"),
        new RetryPolicy(3, Duration.ofMillis(1), Duration.ofSeconds(90)), recordingSleeper, clock);
  }

  // ---- fixtures ----

  static String fixture(String name) {
    try (InputStream in = WireMockGitHub.class.getResourceAsStream("/github/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture github/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode json(String name) {
    try {
      return (ObjectNode) JSON.readTree(fixture(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The workflow run fixture with another id, status, conclusion and title. */
  static ObjectNode run(long id, String status, String conclusion, String displayTitle) {
    ObjectNode run = json("workflow-run.json");
    run.put("id", id);
    run.put("status", status);
    if (conclusion == null) {
      run.putNull("conclusion");
    } else {
      run.put("conclusion", conclusion);
    }
    run.put("display_title", displayTitle);
    run.put("url", "https://api.github.com/repos/acme/maestro/actions/runs/" + id);
    run.put("html_url", "https://github.com/acme/maestro/actions/runs/" + id);
    return run;
  }

  /** GitHub's list-workflow-runs shape. */
  static String runsList(JsonNode... runs) {
    ObjectNode list = JSON.createObjectNode();
    list.put("total_count", runs.length);
    ArrayNode array = list.putArray("workflow_runs");
    for (JsonNode r : runs) {
      array.add(r);
    }
    return list.toString();
  }

  /** A contents object holding {@code text} under {@code sha}, in the shape of {@code fixture}. */
  static String contents(String fixture, String text, String sha) {
    ObjectNode c = json(fixture);
    String b64 = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    StringBuilder wrapped = new StringBuilder();
    for (int i = 0; i < b64.length(); i += 60) {
      wrapped.append(b64, i, Math.min(b64.length(), i + 60)).append('\n');
    }
    c.put("content", wrapped.toString());
    c.put("sha", sha);
    c.put("size", text.getBytes(StandardCharsets.UTF_8).length);
    return c.toString();
  }

  // ---- responses ----

  /** A 2xx/4xx/5xx JSON answer with the headers api.github.com sends on every response. */
  static ResponseDefinitionBuilder github(int status, String body) {
    return github(status, body, 4987, Instant.now().getEpochSecond() + 3600);
  }

  /**
   * A primary rate limit answer: {@code X-RateLimit-Remaining: 0} until {@code reset} (WireMock adds header values
   * rather than replacing them, so rate-limit headers are set only here).
   */
  static ResponseDefinitionBuilder rateLimited(String fixture, long resetEpochSecond) {
    return github(403, fixture(fixture), 0, resetEpochSecond);
  }

  private static ResponseDefinitionBuilder github(int status, String body, int remaining, long resetEpochSecond) {
    return aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withHeader("Server", "github.com")
        .withHeader("X-GitHub-Media-Type", "github.v3; format=json")
        .withHeader("X-GitHub-Api-Version-Selected", "2022-11-28")
        .withHeader("X-RateLimit-Limit", "5000")
        .withHeader("X-RateLimit-Remaining", Integer.toString(remaining))
        .withHeader("X-RateLimit-Reset", Long.toString(resetEpochSecond))
        .withHeader("X-RateLimit-Used", Integer.toString(5000 - remaining))
        .withHeader("X-RateLimit-Resource", "core")
        .withHeader("X-GitHub-Request-Id", "0C3E:2B7D:1A2B3C:4D5E6F:66A1B2C3")
        .withBody(body);
  }

  static ResponseDefinitionBuilder ok(String body) {
    return github(200, body);
  }

  static ResponseDefinitionBuilder error(int status, String fixture) {
    return github(status, fixture(fixture));
  }

  /** 204 No Content, as GitHub answers a dispatch without run details. */
  static ResponseDefinitionBuilder noContent() {
    return aResponse().withStatus(204)
        .withHeader("X-GitHub-Api-Version-Selected", "2022-11-28")
        .withHeader("X-RateLimit-Limit", "5000")
        .withHeader("X-RateLimit-Remaining", "4986")
        .withHeader("X-RateLimit-Reset", Long.toString(Instant.now().getEpochSecond() + 3600))
        .withHeader("X-RateLimit-Used", "14")
        .withHeader("X-RateLimit-Resource", "core")
        .withHeader("X-GitHub-Request-Id", "0C3E:2B7D:1A2B3C:4D5E6F:66A1B2C9");
  }

  // ---- common stubs ----

  /** hub4j reads the repository before any repository-scoped call. */
  static void stubRepository() {
    wm.stubFor(get(urlPathEqualTo("/repos/" + REPO)).willReturn(ok(fixture("repository.json"))));
  }

  // ---- assertions helpers ----

  static JsonNode body(LoggedRequest request) {
    try {
      return JSON.readTree(request.getBodyAsString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String decodeBase64(String s) {
    return new String(Base64.getMimeDecoder().decode(s), StandardCharsets.UTF_8);
  }

  /** Message, toString and the whole printed stack trace (what a log would show). */
  static String everythingPrinted(Throwable e) {
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    return e.getMessage() + "\n" + e + "\n" + w;
  }
}
