package io.drillbook.sandbox;

import static io.drillbook.sandbox.FakeGitHub.REPO;
import static io.drillbook.sandbox.FakeGitHub.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHIssueStateReason;
import org.kohsuke.github.GHLabel;
import org.kohsuke.github.GHRepository;

class GitHubIssuesTest {

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
  void createsAnIssueWithLabelsCreatedOnFirstUse() throws IOException {
    GHIssue issue = repo.createIssue("Rollback drill failed").body("Run 7 ended in failure")
        .label("rollback-drill").label("staging").create();

    assertThat(issue.getNumber()).isEqualTo(1);
    assertThat(issue.getState()).isEqualTo(GHIssueState.OPEN);
    assertThat(issue.getBody()).isEqualTo("Run 7 ended in failure");
    assertThat(issue.getLabels()).extracting(GHLabel::getName).containsExactly("rollback-drill", "staging");
    assertThat(issue.getLabels()).allSatisfy(l -> assertThat(l.getColor()).matches("[0-9a-f]{6}"));
    assertThat(issue.getHtmlUrl()).hasToString(sandbox.kubernetesUrl() + "/" + REPO + "/issues/1");
    assertThat(issue.getUser().getLogin()).isNotBlank();
    assertThat(repo.getIssue(1).getTitle()).isEqualTo("Rollback drill failed");
    assertThat(sandbox.gitHub().issues(REPO)).singleElement()
        .isEqualTo(new SandboxGitHub.Issue(1, "Rollback drill failed", "open", null,
            List.of("rollback-drill", "staging"), "Run 7 ended in failure"));
  }

  @Test
  void commentsOnAndClosesAnIssue() throws IOException {
    GHIssue issue = repo.createIssue("Drill follow-up").label("rollback-drill").create();

    GHIssueComment comment = issue.comment("Rolled back to 1.4.1 in 12s");
    issue.comment("Second drill passed");
    issue.close(GHIssueStateReason.COMPLETED);

    assertThat(comment.getBody()).isEqualTo("Rolled back to 1.4.1 in 12s");
    GHIssue closed = repo.getIssue(issue.getNumber());
    assertThat(closed.getState()).isEqualTo(GHIssueState.CLOSED);
    assertThat(closed.getStateReason()).isEqualTo(GHIssueStateReason.COMPLETED);
    assertThat(closed.getClosedAt()).isNotNull();
    assertThat(closed.getCommentsCount()).isEqualTo(2);
    assertThat(closed.getComments()).extracting(GHIssueComment::getBody)
        .containsExactly("Rolled back to 1.4.1 in 12s", "Second drill passed");
    assertThat(sandbox.gitHub().comments(REPO, issue.getNumber())).extracting(SandboxGitHub.Comment::body)
        .containsExactly("Rolled back to 1.4.1 in 12s", "Second drill passed");
    assertThat(sandbox.gitHub().issues(REPO).get(0).state()).isEqualTo("closed");
  }

  @Test
  void listsIssuesByStateAndLabelNewestFirstAcrossPages() throws Exception {
    for (int i = 1; i <= 5; i++) {
      repo.createIssue("Drill " + i).label(i % 2 == 0 ? "even" : "odd").label("rollback-drill").create();
    }
    repo.getIssue(1).close();

    assertThat(repo.queryIssues().state(GHIssueState.OPEN).list().withPageSize(2).toList())
        .extracting(GHIssue::getNumber).containsExactly(5, 4, 3, 2);
    assertThat(repo.queryIssues().state(GHIssueState.ALL).label("odd").label("rollback-drill").list().toList())
        .extracting(GHIssue::getNumber).containsExactly(5, 3, 1);
    assertThat(repo.getIssues(GHIssueState.CLOSED)).extracting(GHIssue::getNumber).containsExactly(1);

    HttpResponse<String> firstPage = send(sandbox, "GET", "/repos/" + REPO + "/issues?state=all&per_page=2",
        null, sandbox.githubToken());
    assertThat(firstPage.headers().firstValue("Link")).hasValueSatisfying(link -> assertThat(link)
        .contains("<" + sandbox.githubApiUrl() + "/repos/" + REPO + "/issues?state=all&per_page=2&page=2>; rel=\"next\"")
        .contains("page=3>; rel=\"last\""));
  }

  @Test
  void reopensAndRejectsAnInvalidState() throws Exception {
    GHIssue issue = repo.createIssue("Flaky drill").create();
    issue.close(GHIssueStateReason.NOT_PLANNED);
    assertThat(repo.getIssue(1).getStateReason()).isEqualTo(GHIssueStateReason.NOT_PLANNED);

    issue.reopen();
    assertThat(repo.getIssue(1).getState()).isEqualTo(GHIssueState.OPEN);
    assertThat(sandbox.gitHub().issues(REPO).get(0).stateReason()).isEqualTo("reopened");

    HttpResponse<String> invalid = send(sandbox, "PATCH", "/repos/" + REPO + "/issues/1", "{\"state\":\"done\"}",
        sandbox.githubToken());
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(invalid.body()).contains("Validation Failed");
  }
}
