package io.drillbook.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;

/** Talking to the sandbox's fake GitHub the way drillbook does: hub4j, plus raw HTTP for dispatch. */
final class FakeGitHub {

  static final String REPO = "sandbox/maestro-orchestrator";
  static final String WORKFLOW = "cd-rollback.yml";
  static final Duration RUN_STEP = Duration.ofMillis(80);
  static final Duration ROLLOUT_STEP = Duration.ofMillis(60);

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private FakeGitHub() {}

  static SandboxOptions options(Scenario scenario) {
    return SandboxOptions.maestroDemo(scenario).withRolloutDelay(ROLLOUT_STEP).withRunStepDelay(RUN_STEP);
  }

  static GitHub client(Sandbox sandbox) throws IOException {
    return new GitHubBuilder().withEndpoint(sandbox.githubApiUrl()).withOAuthToken(sandbox.githubToken()).build();
  }

  /** {@code POST .../actions/workflows/cd-rollback.yml/dispatches} with this JSON body. */
  static HttpResponse<String> dispatch(Sandbox sandbox, String json) throws IOException, InterruptedException {
    return send(sandbox, "POST", "/repos/" + REPO + "/actions/workflows/" + WORKFLOW + "/dispatches", json,
        sandbox.githubToken());
  }

  static HttpResponse<String> send(Sandbox sandbox, String method, String apiPath, String json, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.githubApiUrl() + apiPath))
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String dispatchBody(String imageTag, String drillId, boolean returnRunDetails) {
    return "{\"ref\":\"main\",\"inputs\":{\"environment\":\"staging\",\"image_tag\":\"" + imageTag
        + "\",\"drill_id\":\"" + drillId + "\"}" + (returnRunDetails ? ",\"return_run_details\":true" : "") + "}";
  }
}
