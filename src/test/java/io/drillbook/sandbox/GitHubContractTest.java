package io.drillbook.sandbox;

import static io.drillbook.sandbox.FakeGitHub.REPO;
import static io.drillbook.sandbox.FakeGitHub.WORKFLOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's GitHub checked against GitHub's published REST description ({@code @octokit/openapi} 23.0.2, the
 * operations it serves kept in {@code contract/github/}): every operation it serves exists there, and every answer
 * it gives, driven over HTTP as hub4j drives it, conforms to the published schema of that operation and status,
 * field by field.
 */
class GitHubContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String R = "/repos/" + REPO;
  private static JsonNode operations;
  /** Stands for the run the first dispatch started, in a path. */
  private static final String RUN = "{run}";

  private Sandbox sandbox;

  @BeforeAll
  static void loadDescription() throws IOException {
    try (InputStream in = GitHubContractTest.class.getResourceAsStream("/contract/github/api.github.com-23.0.2.json")) {
      JsonNode description = JSON.readTree(in);
      assertThat(description.get("source").asText()).startsWith("@octokit/openapi 23.0.2");
      operations = description.get("operations");
    }
  }

  @BeforeEach
  void start() throws IOException {
    sandbox = Sandbox.start(FakeGitHub.options(Scenario.PASS));
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  /** One call: the operation as the description names it, and the request the fake gets. */
  private record Call(String operation, String method, String path, String body) {}

  /** Everything the sandbox's GitHub serves, in an order that makes each answer non-trivial. */
  private List<Call> everyServedOperation() {
    String workflows = R + "/actions/workflows";
    String content = java.util.Base64.getEncoder().encodeToString("# drills\n".getBytes());
    return List.of(
        new Call("GET /", "GET", "", null),
        new Call("GET /rate_limit", "GET", "/rate_limit", null),
        new Call("GET /user", "GET", "/user", null),
        new Call("GET /repos/{owner}/{repo}", "GET", R, null),
        new Call("GET /repos/{owner}/{repo}/contents/{path}", "GET", R + "/contents/.github/workflows/" + WORKFLOW,
            null),
        new Call("PUT /repos/{owner}/{repo}/contents/{path}", "PUT", R + "/contents/drills/contract.md",
            "{\"message\":\"drill evidence\",\"content\":\"" + content + "\",\"branch\":\"main\"}"),
        new Call("GET /repos/{owner}/{repo}/actions/workflows", "GET", workflows, null),
        new Call("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}", "GET", workflows + "/" + WORKFLOW, null),
        new Call("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", "POST",
            workflows + "/" + WORKFLOW + "/dispatches", FakeGitHub.dispatchBody("1.4.1", "contract-1", true)),
        new Call("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", "POST",
            workflows + "/" + WORKFLOW + "/dispatches", FakeGitHub.dispatchBody("1.4.1", "contract-2", false)),
        new Call("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", "GET",
            workflows + "/" + WORKFLOW + "/runs", null),
        new Call("GET /repos/{owner}/{repo}/actions/runs", "GET", R + "/actions/runs", null),
        new Call("GET /repos/{owner}/{repo}/actions/runs/{run_id}", "GET", R + "/actions/runs/" + RUN, null),
        new Call("POST /repos/{owner}/{repo}/issues", "POST", R + "/issues",
            "{\"title\":\"Rollback drill failed\",\"body\":\"run 1\",\"labels\":[\"rollback-drill\"]}"),
        new Call("GET /repos/{owner}/{repo}/issues", "GET", R + "/issues?state=open&labels=rollback-drill", null),
        new Call("GET /repos/{owner}/{repo}/issues/{issue_number}", "GET", R + "/issues/1", null),
        new Call("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", "POST", R + "/issues/1/comments",
            "{\"body\":\"second drill failed too\"}"),
        new Call("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", "GET", R + "/issues/1/comments", null),
        new Call("PATCH /repos/{owner}/{repo}/issues/{issue_number}", "PATCH", R + "/issues/1",
            "{\"state\":\"closed\",\"state_reason\":\"completed\"}"));
  }

  @Test
  void everyOperationTheFakeServesIsPublishedAndEveryAnswerConformsToItsSchema() throws Exception {
    Map<String, List<String>> problems = new LinkedHashMap<>();
    List<String> answered = new ArrayList<>();
    String runId = null;
    for (Call call : everyServedOperation()) {
      assertThat(operations.has(call.operation())).as(call.operation() + " is in GitHub's description").isTrue();
      HttpResponse<String> response = FakeGitHub.send(sandbox, call.method(),
          runId == null ? call.path() : call.path().replace(RUN, runId), call.body(), sandbox.githubToken());
      if (call.operation().endsWith("/dispatches") && response.statusCode() == 200 && runId == null) {
        runId = JSON.readTree(response.body()).get("workflow_run_id").asText();
      }
      String status = Integer.toString(response.statusCode());
      JsonNode responses = operations.get(call.operation());
      assertThat(responses.has(status)).as(call.method() + " " + call.path() + " answered " + status
          + ", which GitHub does not publish for it (" + responses.fieldNames() + "): " + response.body()).isTrue();
      JsonNode schema = responses.get(status);
      if (schema.isNull()) {
        assertThat(response.body()).as(call.operation() + " " + status + " has no body").isEmpty();
      } else {
        List<String> found = SchemaCheck.problems(schema, JSON.readTree(response.body()));
        if (!found.isEmpty()) {
          problems.put(call.method() + " " + call.path() + " -> " + status, found);
        }
      }
      answered.add(call.operation() + " " + status);
    }
    assertThat(problems).as("answers that drift from GitHub's published schemas").isEmpty();
    assertThat(answered).contains("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches 200",
        "POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches 204");
  }

  @Test
  void aFieldThatDriftsFromTheDescriptionIsReportedWithItsPath() throws Exception {
    JsonNode dispatched = JSON.readTree(FakeGitHub.send(sandbox, "POST", R + "/actions/workflows/" + WORKFLOW
        + "/dispatches", FakeGitHub.dispatchBody("1.4.1", "contract-3", true), sandbox.githubToken()).body());
    ObjectNode run = (ObjectNode) JSON.readTree(FakeGitHub.send(sandbox, "GET", R + "/actions/runs/"
        + dispatched.get("workflow_run_id").asLong(), null, sandbox.githubToken()).body());
    JsonNode schema = operations.get("GET /repos/{owner}/{repo}/actions/runs/{run_id}").get("200");
    assertThat(SchemaCheck.problems(schema, run)).isEmpty();

    run.remove("head_sha");
    run.put("run_number", "7");
    ((ObjectNode) run.get("repository")).put("private", "no");

    assertThat(SchemaCheck.problems(schema, run)).contains("$: required property 'head_sha' is missing",
        "$.run_number: expected integer, found string \"7\"",
        "$.repository.private: expected boolean, found string \"no\"");
  }
}
