package io.drillbook.sandbox;

import static io.drillbook.sandbox.FakeGitHub.REPO;
import static io.drillbook.sandbox.FakeGitHub.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHContent;
import org.kohsuke.github.GHContentUpdateResponse;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.HttpException;

class GitHubContentsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVIDENCE = "drills/evidence.md";

  private Sandbox sandbox;
  private GHRepository repo;

  @BeforeEach
  void start() throws IOException {
    sandbox = Sandbox.start(FakeGitHub.options(Scenario.PASS));
    repo = FakeGitHub.client(sandbox).getRepository(REPO);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void createsThenAppendsToAFileWithOneCommitEach() throws IOException {
    GHContentUpdateResponse created = repo.createContent().path(EVIDENCE).content("# Evidence\n")
        .message("Record drill 1").branch("main").commit();
    GHContent current = repo.getFileContent(EVIDENCE, "main");
    GHContentUpdateResponse updated = current.update("# Evidence\n- drill 2 passed\n", "Record drill 2");

    assertThat(created.getContent().getSha()).isEqualTo(current.getSha());
    assertThat(created.getCommit().getSHA1()).matches("[0-9a-f]{40}");
    assertThat(updated.getCommit().getMessage()).isEqualTo("Record drill 2");
    assertThat(new String(repo.getFileContent(EVIDENCE).read().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("# Evidence\n- drill 2 passed\n");
    assertThat(sandbox.gitHub().file(REPO, EVIDENCE)).contains("# Evidence\n- drill 2 passed\n");
    assertThat(sandbox.gitHub().commits(REPO)).extracting(SandboxGitHub.Commit::message)
        .startsWith("Record drill 2", "Record drill 1");
    assertThat(sandbox.gitHub().commits(REPO).get(0).changedPaths()).containsExactly(EVIDENCE);
  }

  @Test
  void answers201ForANewFileAnd200ForAnUpdate() throws Exception {
    HttpResponse<String> create = put("{\"message\":\"add\",\"content\":\"" + base64("one") + "\"}");
    String sha = JSON.readTree(create.body()).at("/content/sha").asText();
    HttpResponse<String> update = put("{\"message\":\"change\",\"content\":\"" + base64("two") + "\",\"sha\":\""
        + sha + "\"}");

    assertThat(create.statusCode()).isEqualTo(201);
    assertThat(update.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(update.body()).at("/commit/parents/0/sha").asText())
        .isEqualTo(JSON.readTree(create.body()).at("/commit/sha").asText());
  }

  @Test
  void refusesAnUpdateWithoutShaWith422AndAStaleShaWith409() throws Exception {
    GHContentUpdateResponse first = repo.createContent().path(EVIDENCE).content("v1").message("v1").commit();
    String staleSha = first.getContent().getSha();
    first.getContent().update("v2", "v2");

    HttpResponse<String> noSha = put("{\"message\":\"v3\",\"content\":\"" + base64("v3") + "\"}");
    HttpResponse<String> stale = put("{\"message\":\"v3\",\"content\":\"" + base64("v3") + "\",\"sha\":\""
        + staleSha + "\"}");

    assertThat(noSha.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(noSha.body()).get("message").asText())
        .isEqualTo("Invalid request.\n\n\"sha\" wasn't supplied.");
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(stale.body()).get("message").asText())
        .isEqualTo(EVIDENCE + " does not match " + staleSha);
    assertThatThrownBy(() -> repo.createContent().path(EVIDENCE).content("v3").message("v3").sha(staleSha).commit())
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(409));
    assertThat(sandbox.gitHub().file(REPO, EVIDENCE)).contains("v2");
  }

  private HttpResponse<String> put(String json) throws IOException, InterruptedException {
    return send(sandbox, "PUT", "/repos/" + REPO + "/contents/" + EVIDENCE, json, sandbox.githubToken());
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
