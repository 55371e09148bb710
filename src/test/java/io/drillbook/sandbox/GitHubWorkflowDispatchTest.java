package io.drillbook.sandbox;

import static io.drillbook.sandbox.FakeGitHub.REPO;
import static io.drillbook.sandbox.FakeGitHub.dispatch;
import static io.drillbook.sandbox.FakeGitHub.dispatchBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitHubWorkflowDispatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Sandbox sandbox;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private Sandbox start(SandboxOptions options) throws IOException {
    sandbox = Sandbox.start(options);
    return sandbox;
  }

  @Test
  void returnsRunDetailsWith200WhenAsked() throws Exception {
    start(FakeGitHub.options(Scenario.PASS));

    HttpResponse<String> response = dispatch(sandbox, dispatchBody("1.4.1", "drill-42", true));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    long runId = body.get("workflow_run_id").asLong();
    assertThat(body.get("run_url").asText()).isEqualTo(sandbox.githubApiUrl() + "/repos/" + REPO + "/actions/runs/" + runId);
    assertThat(body.get("html_url").asText()).isEqualTo(sandbox.kubernetesUrl() + "/" + REPO + "/actions/runs/" + runId);
    assertThat(sandbox.gitHub().runs(REPO)).singleElement().satisfies(run -> {
      assertThat(run.id()).isEqualTo(runId);
      assertThat(run.inputs()).containsEntry("image_tag", "1.4.1").containsEntry("drill_id", "drill-42")
          .containsEntry("environment", "staging");
      assertThat(run.displayTitle()).isEqualTo("Rollback staging to 1.4.1 (drill drill-42)");
    });
  }

  @Test
  void answers204WithoutABodyWhenRunDetailsAreNotAsked() throws Exception {
    start(FakeGitHub.options(Scenario.PASS));

    HttpResponse<String> response = dispatch(sandbox, dispatchBody("1.4.1", "drill-43", false));

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(sandbox.gitHub().runs(REPO)).hasSize(1);
  }

  @Test
  void olderServerRejectsReturnRunDetailsWith400ButAcceptsThePlainDispatch() throws Exception {
    start(FakeGitHub.options(Scenario.PASS).withOlderGitHubServer(true));

    HttpResponse<String> withDetails = dispatch(sandbox, dispatchBody("1.4.1", "drill-44", true));
    HttpResponse<String> plain = dispatch(sandbox, dispatchBody("1.4.1", "drill-44", false));

    assertThat(withDetails.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(withDetails.body()).get("message").asText()).contains("return_run_details");
    assertThat(plain.statusCode()).isEqualTo(204);
    assertThat(sandbox.gitHub().runs(REPO)).hasSize(1);
  }

  @Test
  void rejectsInputsTheWorkflowDoesNotDeclare() throws Exception {
    start(FakeGitHub.options(Scenario.PASS));

    HttpResponse<String> response = dispatch(sandbox,
        "{\"ref\":\"main\",\"inputs\":{\"image_tag\":\"1.4.1\",\"foo\":\"bar\"}}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(response.body()).get("message").asText())
        .isEqualTo("Unexpected inputs provided: [\"foo\"]");
    assertThat(sandbox.gitHub().runs(REPO)).isEmpty();
  }

  @Test
  void rejectsAMissingRequiredInputABadChoiceAndAnUnknownRef() throws Exception {
    start(FakeGitHub.options(Scenario.PASS));

    HttpResponse<String> missing = dispatch(sandbox, "{\"ref\":\"main\",\"inputs\":{\"drill_id\":\"d\"}}");
    HttpResponse<String> badChoice = dispatch(sandbox,
        "{\"ref\":\"main\",\"inputs\":{\"environment\":\"production\",\"image_tag\":\"1.4.1\"}}");
    HttpResponse<String> badRef = dispatch(sandbox, "{\"ref\":\"release\",\"inputs\":{\"image_tag\":\"1.4.1\"}}");

    assertThat(missing.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(missing.body()).get("message").asText())
        .isEqualTo("Required input 'image_tag' not provided");
    assertThat(badChoice.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(badChoice.body()).get("message").asText()).contains("'production'", "'environment'");
    assertThat(badRef.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(badRef.body()).get("message").asText()).isEqualTo("No ref found for: release");
    assertThat(sandbox.gitHub().runs(REPO)).isEmpty();
  }

  @Test
  void overrideWorkflowWithoutImageTagMakesADispatchWithImageTag422() throws Exception {
    String yaml = """
        name: Custom rollback
        on:
          workflow_dispatch:
            inputs:
              version:
                required: true
                type: string
        jobs:
          noop:
            runs-on: ubuntu-latest
            steps:
              - run: echo "${{ inputs.version }}"
        """;
    start(FakeGitHub.options(Scenario.PASS).withWorkflowYaml(yaml));

    HttpResponse<String> response = dispatch(sandbox, "{\"ref\":\"main\",\"inputs\":{\"image_tag\":\"1.4.1\"}}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(response.body()).get("message").asText())
        .isEqualTo("Unexpected inputs provided: [\"image_tag\"]");
    assertThat(sandbox.gitHub().file(REPO, ".github/workflows/cd-rollback.yml")).contains(yaml);
    assertThat(FakeGitHub.client(sandbox).getRepository(REPO).getWorkflow("cd-rollback.yml").getName())
        .isEqualTo("Custom rollback");
  }
}
