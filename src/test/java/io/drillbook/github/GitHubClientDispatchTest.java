package io.drillbook.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.drillbook.github.GitHubValues.Dispatched;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The raw {@code POST .../dispatches} call: run details, the 204 fallback, and GitHub's refusals. */
class GitHubClientDispatchTest extends WireMockGitHub {
  private static final String DISPATCHES = "/repos/" + REPO + "/actions/workflows/" + WORKFLOW_ID + "/dispatches";

  private static Map<String, String> inputs() {
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("environment", "staging");
    inputs.put("image_tag", "1.4.1");
    inputs.put("drill_id", "drill-20250603-120000-a1b2");
    return inputs;
  }

  private List<LoggedRequest> dispatchRequests() {
    return wm.findAll(postRequestedFor(urlPathEqualTo(DISPATCHES)));
  }

  @Test
  void dispatchReturnsRunIdWhenGitHubAnswers200WithRunDetails() throws Exception {
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).willReturn(ok(fixture("dispatch-run-details.json"))));

    Dispatched d = client().dispatch(REPO, WORKFLOW_ID, "main", inputs());

    assertThat(d.knowsRun()).isTrue();
    assertThat(d.runId()).isEqualTo(RUN_ID);
    assertThat(d.runApiUrl()).isEqualTo("https://api.github.com/repos/acme/maestro/actions/runs/15402938471");
    assertThat(d.htmlUrl()).isEqualTo("https://github.com/acme/maestro/actions/runs/15402938471");
    wm.verify(1, postRequestedFor(urlPathEqualTo(DISPATCHES))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
        .withHeader("Accept", equalTo("application/vnd.github+json"))
        .withRequestBody(equalToJson("""
            {"ref": "main",
             "inputs": {"environment": "staging", "image_tag": "1.4.1", "drill_id": "drill-20250603-120000-a1b2"},
             "return_run_details": true}""")));
  }

  @Test
  void dispatchKnowsNoRunWhenGitHubAnswers204() throws Exception {
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).willReturn(noContent()));

    Dispatched d = client().dispatch(REPO, WORKFLOW_ID, "main", inputs());

    assertThat(d.knowsRun()).isFalse();
    assertThat(d.runId()).isNull();
    assertThat(dispatchRequests()).hasSize(1);
  }

  @Test
  void dispatchRetriesWithoutRunDetailsWhenGitHubAnswers400() throws Exception {
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).inScenario("old GHES").whenScenarioStateIs(STARTED)
        .willReturn(error(400, "error-400-return-run-details.json")).willSetStateTo("refused once"));
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).inScenario("old GHES").whenScenarioStateIs("refused once")
        .willReturn(noContent()));

    Dispatched d = client().dispatch(REPO, WORKFLOW_ID, "main", inputs());

    assertThat(d.knowsRun()).isFalse();
    List<LoggedRequest> requests = dispatchRequests();
    assertThat(requests).hasSize(2);
    assertThat(body(requests.get(0)).path("return_run_details").asBoolean()).isTrue();
    JsonNode second = body(requests.get(1));
    assertThat(second.has("return_run_details")).isFalse();
    assertThat(second.path("ref").asText()).isEqualTo("main");
    assertThat(second.path("inputs").path("image_tag").asText()).isEqualTo("1.4.1");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void dispatchRetriesWithoutRunDetailsWhenGitHubAnswers422NamingTheField() throws Exception {
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).inScenario("old GHES").whenScenarioStateIs(STARTED)
        .willReturn(error(422, "error-422-return-run-details.json")).willSetStateTo("refused once"));
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).inScenario("old GHES").whenScenarioStateIs("refused once")
        .willReturn(noContent()));

    assertThat(client().dispatch(REPO, WORKFLOW_ID, "main", inputs()).knowsRun()).isFalse();
    assertThat(dispatchRequests()).hasSize(2);
    assertThat(body(dispatchRequests().get(1)).has("return_run_details")).isFalse();
  }

  @Test
  void dispatchWithUnexpectedInputsFailsWith422QuotingGitHub() throws Exception {
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).willReturn(error(422, "error-422-unexpected-inputs.json")));
    Map<String, String> inputs = new LinkedHashMap<>(inputs());
    inputs.put("foo", "bar");

    GitHubException e = catchThrowableOfType(GitHubException.class,
        () -> client().dispatch(REPO, WORKFLOW_ID, "main", inputs));

    assertThat(e.status()).isEqualTo(422);
    assertThat(e.getMessage()).contains("Unexpected inputs provided: [\"foo\"]")
        .contains("workflow " + WORKFLOW_ID).contains(REPO);
    assertThat(dispatchRequests()).as("not retried: the inputs are wrong, not the field").hasSize(1);
    assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
  }

  @Test
  void dispatchOfAMissingWorkflowSaysNotFound() throws Exception {
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).willReturn(error(404, "error-404-not-found.json")));

    GitHubException e = catchThrowableOfType(GitHubException.class,
        () -> client().dispatch(REPO, WORKFLOW_ID, "main", inputs()));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.getMessage()).contains("not found").contains(String.valueOf(WORKFLOW_ID)).contains(REPO)
        .contains(wm.baseUrl());
    assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
  }

  @Test
  void readingAMissingWorkflowThroughHub4jSaysNotFound() throws Exception {
    stubRepository();
    wm.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/actions/workflows/cd-rollback.yml"))
        .willReturn(error(404, "error-404-not-found.json")));

    GitHubException e = catchThrowableOfType(GitHubException.class,
        () -> client().workflow(REPO, "cd-rollback.yml"));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.getMessage()).contains("workflow cd-rollback.yml in acme/maestro not found (404)");
    assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
  }

  @Test
  void dispatchWithBadCredentialsNamesTheTokenSourceNotTheToken() throws Exception {
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).willReturn(error(401, "error-401-bad-credentials.json")));

    GitHubException e = catchThrowableOfType(GitHubException.class,
        () -> client().dispatch(REPO, WORKFLOW_ID, "main", inputs()));

    assertThat(e.status()).isEqualTo(401);
    assertThat(e.getMessage()).contains("credentials from test").contains("Bad credentials");
    assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void hub4jCallWithBadCredentialsNamesTheTokenSourceNotTheToken() throws Exception {
    wm.stubFor(get(urlPathEqualTo("/repos/" + REPO)).willReturn(error(401, "error-401-bad-credentials.json")));

    GitHubException e = catchThrowableOfType(GitHubException.class, () -> client().run(REPO, RUN_ID));

    assertThat(e.status()).isEqualTo(401);
    assertThat(e.getMessage()).contains("credentials from test").contains("Bad credentials");
    assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
  }

  @Test
  void dispatchRetriesA503ThenSucceeds() throws Exception {
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).inScenario("flaky").whenScenarioStateIs(STARTED)
        .willReturn(error(503, "error-503-unavailable.json")).willSetStateTo("recovered"));
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).inScenario("flaky").whenScenarioStateIs("recovered")
        .willReturn(ok(fixture("dispatch-run-details.json"))));

    assertThat(client().dispatch(REPO, WORKFLOW_ID, "main", inputs()).runId()).isEqualTo(RUN_ID);
    assertThat(sleeps).containsExactly(Duration.ofMillis(1));
    assertThat(dispatchRequests()).allSatisfy(r ->
        assertThat(body(r).path("return_run_details").asBoolean()).isTrue());
  }
}
