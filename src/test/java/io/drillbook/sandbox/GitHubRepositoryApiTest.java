package io.drillbook.sandbox;

import static io.drillbook.sandbox.FakeGitHub.REPO;
import static io.drillbook.sandbox.FakeGitHub.client;
import static io.drillbook.sandbox.FakeGitHub.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHContent;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHWorkflow;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;

class GitHubRepositoryApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Sandbox sandbox;
  private GitHub github;

  @BeforeEach
  void start() throws IOException {
    sandbox = Sandbox.start(FakeGitHub.options(Scenario.PASS));
    github = client(sandbox);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void servesTheApiUnderApiV3OnTheKubernetesPort() {
    assertThat(sandbox.githubApiUrl()).isEqualTo(sandbox.kubernetesUrl() + "/api/v3");
    assertThat(sandbox.githubToken()).isEqualTo(SandboxOptions.DEFAULT_GITHUB_TOKEN);
    assertThat(sandbox.gitHub().repositories()).containsExactly(REPO);
  }

  @Test
  void hostsOneRepositoryPerSeedWithUrlsPointingAtTheSandbox() throws IOException {
    GHRepository repo = github.getRepository(REPO);

    assertThat(repo.getName()).isEqualTo("maestro-orchestrator");
    assertThat(repo.getFullName()).isEqualTo(REPO);
    assertThat(repo.getDefaultBranch()).isEqualTo("main");
    assertThat(repo.getOwnerName()).isEqualTo("sandbox");
    assertThat(repo.isPrivate()).isTrue();
    assertThat(repo.hasPushAccess()).isTrue();
    assertThat(repo.getHtmlUrl()).hasToString(sandbox.kubernetesUrl() + "/" + REPO);
    assertThat(repo.getUrl()).hasToString(sandbox.githubApiUrl() + "/repos/" + REPO);
    assertThat(repo.getCreatedAt()).isNotNull();
  }

  @Test
  void servesTheRollbackWorkflowAndItsFile() throws Exception {
    GHRepository repo = github.getRepository(REPO);
    GHWorkflow workflow = repo.getWorkflow("cd-rollback.yml");

    assertThat(workflow.getName()).isEqualTo("CD rollback");
    assertThat(workflow.getPath()).isEqualTo(".github/workflows/cd-rollback.yml");
    assertThat(workflow.getState()).isEqualTo("active");
    assertThat(repo.getWorkflow(workflow.getId()).getName()).isEqualTo("CD rollback");

    GHContent file = repo.getFileContent(".github/workflows/cd-rollback.yml", "main");
    String text = new String(file.read().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(text).contains("workflow_dispatch", "image_tag", "drill_id", "kubectl", "rollout status",
        "intelgraph-staging", "maestro-orchestrator");
    assertThat(file.getSha()).isEqualTo(blobSha(text.getBytes(StandardCharsets.UTF_8)));
    assertThat(file.getEncoding()).isEqualTo("base64");
    assertThat(file.getSize()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    assertThat(repo.getDirectoryContent(".github/workflows")).extracting(GHContent::getName)
        .containsExactly("cd-rollback.yml");
  }

  @Test
  void wrapsBase64ContentAt60CharactersLikeGitHub() throws Exception {
    HttpResponse<String> response = send(sandbox, "GET",
        "/repos/" + REPO + "/contents/.github/workflows/cd-rollback.yml?ref=main", null, sandbox.githubToken());

    String content = JSON.readTree(response.body()).get("content").asText();
    assertThat(content.split("\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
    assertThat(content.split("\n")[0]).hasSize(60);
  }

  @Test
  void answersWithGitHubHeaders() throws Exception {
    HttpResponse<String> response = send(sandbox, "GET", "/rate_limit", null, sandbox.githubToken());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
    assertThat(response.headers().firstValue("X-RateLimit-Limit")).contains("5000");
    assertThat(response.headers().firstValue("X-RateLimit-Resource")).contains("core");
    assertThat(response.headers().firstValue("X-GitHub-Api-Version")).contains("2022-11-28");
    assertThat(response.headers().firstValue("X-GitHub-Request-Id")).isPresent();
    long reset = Long.parseLong(response.headers().firstValue("X-RateLimit-Reset").orElseThrow());
    assertThat(reset).isGreaterThan(System.currentTimeMillis() / 1000);
    JsonNode core = JSON.readTree(response.body()).at("/resources/core");
    assertThat(core.get("limit").asInt()).isEqualTo(5000);
    assertThat(github.getRateLimit().getCore().getLimit()).isEqualTo(5000);
  }

  @Test
  void rejectsAWrongTokenWith401BadCredentials() throws Exception {
    HttpResponse<String> response = send(sandbox, "GET", "/repos/" + REPO, null, "not-the-token");
    HttpResponse<String> anonymous = send(sandbox, "GET", "/repos/" + REPO, null, null);

    assertThat(response.statusCode()).isEqualTo(401);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("message").asText()).isEqualTo("Bad credentials");
    assertThat(body.get("status").asText()).isEqualTo("401");
    assertThat(body.get("documentation_url").asText()).startsWith("https://docs.github.com/");
    assertThat(anonymous.statusCode()).isEqualTo(401);

    GitHub wrongToken = new GitHubBuilder().withEndpoint(sandbox.githubApiUrl()).withOAuthToken("nope").build();
    assertThatThrownBy(() -> wrongToken.getRepository(REPO))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(401));
  }

  @Test
  void answersUnknownRepositoriesAndPathsWith404() throws Exception {
    assertThatThrownBy(() -> github.getRepository("sandbox/nope")).isInstanceOf(GHFileNotFoundException.class);
    GHRepository repo = github.getRepository(REPO);
    assertThatThrownBy(() -> repo.getFileContent("missing.txt")).isInstanceOf(GHFileNotFoundException.class);

    HttpResponse<String> response = send(sandbox, "GET", "/repos/" + REPO + "/nothing-here", null,
        sandbox.githubToken());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).get("message").asText()).isEqualTo("Not Found");
  }

  private static String blobSha(byte[] bytes) throws Exception {
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    sha1.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha1.digest(bytes));
  }
}
