package io.drillbook.github;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.drillbook.github.GitHubValues.Run;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every hub4j call goes through {@link RetryingConnector}: 5xx backoff and rate-limit waits, recorded not slept. */
class GitHubClientRetryTest extends WireMockGitHub {
  private static final String RUN = "/repos/" + REPO + "/actions/runs/" + RUN_ID;
  private static final Instant NOW = Instant.parse("2025-06-03T12:00:00Z");
  private static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);

  private static ResponseDefinitionBuilder runOk() {
    return ok(run(RUN_ID, "completed", "success", "Rollback staging to 1.4.1 (drill-1)").toString());
  }

  /** The run endpoint answers {@code first} once, then the run. */
  private static void runAnswersOnceThenOk(ResponseDefinitionBuilder first) {
    stubRepository();
    wm.stubFor(get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs(STARTED)
        .willReturn(first).willSetStateTo("ok"));
    wm.stubFor(get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs("ok").willReturn(runOk()));
  }

  private static int runRequests() {
    return wm.findAll(getRequestedFor(urlPathEqualTo(RUN))).size();
  }

  @Test
  void runSucceedsAfter502And503WithExponentialBackoff() throws Exception {
    stubRepository();
    wm.stubFor(get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs(STARTED)
        .willReturn(error(502, "error-502-server-error.json")).willSetStateTo("503"));
    wm.stubFor(get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs("503")
        .willReturn(error(503, "error-503-unavailable.json")).willSetStateTo("ok"));
    wm.stubFor(get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs("ok").willReturn(runOk()));

    Run run = client().run(REPO, RUN_ID);

    assertThat(run.id()).isEqualTo(RUN_ID);
    assertThat(run.conclusion()).isEqualTo("success");
    assertThat(sleeps).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2));
    assertThat(runRequests()).isEqualTo(3);
  }

  @Test
  void serverErrorsForeverGiveUpAfterTheRetryCapWithAClearError() throws Exception {
    stubRepository();
    wm.stubFor(get(urlPathEqualTo(RUN)).willReturn(error(502, "error-502-server-error.json")));

    GitHubException e = catchThrowableOfType(GitHubException.class, () -> client().run(REPO, RUN_ID));

    assertThat(runRequests()).as("one request and three retries").isEqualTo(4);
    assertThat(sleeps).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4));
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.getMessage()).contains("502").contains("workflow run " + RUN_ID + " in " + REPO);
    assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
  }

  @Test
  void dispatchServerErrorsForeverGiveUpAfterTheRetryCap() throws Exception {
    String dispatches = "/repos/" + REPO + "/actions/workflows/" + WORKFLOW_ID + "/dispatches";
    wm.stubFor(post(urlPathEqualTo(dispatches)).willReturn(error(503, "error-503-unavailable.json")));

    GitHubException e = catchThrowableOfType(GitHubException.class,
        () -> client().dispatch(REPO, WORKFLOW_ID, "main", Map.of("environment", "staging")));

    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(dispatches)))).hasSize(4);
    assertThat(sleeps).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4));
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.getMessage()).contains("503").contains("Service Unavailable");
    assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
  }

  @Test
  void tooManyRequestsWithRetryAfterWaitsThatLongThenSucceeds() throws Exception {
    runAnswersOnceThenOk(error(429, "error-429-secondary-rate-limit.json").withHeader("Retry-After", "7"));

    assertThat(client().run(REPO, RUN_ID).id()).isEqualTo(RUN_ID);

    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    assertThat(runRequests()).isEqualTo(2);
  }

  @Test
  void secondaryRateLimit403WithRetryAfterWaitsThatLongThenSucceeds() throws Exception {
    runAnswersOnceThenOk(error(403, "error-403-secondary-rate-limit.json").withHeader("Retry-After", "30"));

    assertThat(client().run(REPO, RUN_ID).id()).isEqualTo(RUN_ID);

    assertThat(sleeps).containsExactly(Duration.ofSeconds(30));
    assertThat(runRequests()).isEqualTo(2);
  }

  @Test
  void primaryRateLimitWaitsUntilTheResetPlusOneSecondThenSucceeds() throws Exception {
    runAnswersOnceThenOk(rateLimited("error-403-primary-rate-limit.json", NOW.getEpochSecond() + 20));

    assertThat(client(FIXED).run(REPO, RUN_ID).id()).isEqualTo(RUN_ID);

    assertThat(sleeps).containsExactly(Duration.ofSeconds(21));
    assertThat(runRequests()).isEqualTo(2);
  }

  // An over-long rate limit on a hub4j call must say it is a rate limit and how long it lasts.
  @Test
  void primaryRateLimitResettingInTwoHoursFailsAtOnceNamingTheWait() throws Exception {
    stubRepository();
    wm.stubFor(get(urlPathEqualTo(RUN)).willReturn(rateLimited("error-403-primary-rate-limit.json", NOW.getEpochSecond() + 7200)));

    GitHubException e = catchThrowableOfType(GitHubException.class, () -> client(FIXED).run(REPO, RUN_ID));

    assertThat(sleeps).isEmpty();
    assertThat(runRequests()).isEqualTo(1);
    assertThat(e.status()).isEqualTo(403);
    assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
    assertThat(e.getMessage()).contains("rate limit").contains("7201 s");
  }

  @Test
  void dispatchRateLimitResettingInTwoHoursFailsAtOnceNamingTheWait() throws Exception {
    String dispatches = "/repos/" + REPO + "/actions/workflows/" + WORKFLOW_ID + "/dispatches";
    wm.stubFor(post(urlPathEqualTo(dispatches)).willReturn(rateLimited("error-403-primary-rate-limit.json", NOW.getEpochSecond() + 7200)));

    GitHubException e = catchThrowableOfType(GitHubException.class,
        () -> client(FIXED).dispatch(REPO, WORKFLOW_ID, "main", Map.of("environment", "staging")));

    assertThat(sleeps).isEmpty();
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(dispatches)))).hasSize(1);
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.getMessage()).contains("rate limit").contains("resets in 7201 s").contains("90 s");
    assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
  }

  @Test
  void dispatchTooManyRequestsWithRetryAfterWaitsThenSucceeds() throws Exception {
    String dispatches = "/repos/" + REPO + "/actions/workflows/" + WORKFLOW_ID + "/dispatches";
    wm.stubFor(post(urlPathEqualTo(dispatches)).inScenario("limited").whenScenarioStateIs(STARTED)
        .willReturn(error(429, "error-429-secondary-rate-limit.json").withHeader("Retry-After", "7"))
        .willSetStateTo("ok"));
    wm.stubFor(post(urlPathEqualTo(dispatches)).inScenario("limited").whenScenarioStateIs("ok")
        .willReturn(ok(fixture("dispatch-run-details.json"))));

    assertThat(client().dispatch(REPO, WORKFLOW_ID, "main", Map.of("environment", "staging")).runId())
        .isEqualTo(RUN_ID);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void plainForbiddenWithoutRateLimitHeadersIsNotRetried() throws Exception {
    stubRepository();
    wm.stubFor(get(urlPathEqualTo(RUN)).willReturn(error(403, "error-403-not-accessible.json")));

    GitHubException e = catchThrowableOfType(GitHubException.class, () -> client().run(REPO, RUN_ID));

    assertThat(runRequests()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.getMessage()).contains("Resource not accessible by personal access token")
        .contains("permissions");
    assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
  }
}
