package io.drillbook.sandbox;

import static io.drillbook.sandbox.FakeGitHub.REPO;
import static io.drillbook.sandbox.FakeGitHub.dispatch;
import static io.drillbook.sandbox.FakeGitHub.dispatchBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHEvent;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHWorkflowRun;
import org.kohsuke.github.GHWorkflowRun.Conclusion;
import org.kohsuke.github.GHWorkflowRun.Status;

class GitHubWorkflowRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "intelgraph-staging";
  private static final String NAME = "maestro-orchestrator";
  private static final String IMAGE = "registry.example.com/maestro/orchestrator:";
  private static final Duration WAIT = Duration.ofSeconds(15);

  private Sandbox sandbox;
  private GHRepository repo;

  private void start(Scenario scenario) throws IOException {
    sandbox = Sandbox.start(FakeGitHub.options(scenario));
    repo = FakeGitHub.client(sandbox).getRepository(REPO);
  }

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void dispatchedRunGoesQueuedThenInProgressThenSucceedsWithTheDeploymentRolledBack() throws Exception {
    start(Scenario.PASS);
    long runId = runId(dispatch(sandbox, dispatchBody("1.4.1", "drill-1", true)).body());

    List<Status> seen = new ArrayList<>();
    GHWorkflowRun done = await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> {
      GHWorkflowRun run = repo.getWorkflowRun(runId);
      if (seen.isEmpty() || seen.get(seen.size() - 1) != run.getStatus()) {
        seen.add(run.getStatus());
      }
      return run;
    }, run -> run.getStatus() == Status.COMPLETED);

    // Polling sees the states in order but may miss the short queued step on a busy machine; the run's own times
    // prove it was queued for the step delay.
    assertThat(List.of(Status.QUEUED, Status.IN_PROGRESS, Status.COMPLETED)).containsSubsequence(seen);
    assertThat(sandbox.gitHub().runs(REPO)).singleElement()
        .satisfies(run -> assertThat(run.queuedFor()).isGreaterThanOrEqualTo(FakeGitHub.RUN_STEP));
    assertThat(done.getConclusion()).isEqualTo(Conclusion.SUCCESS);
    assertThat(done.getEvent()).isEqualTo(GHEvent.WORKFLOW_DISPATCH);
    assertThat(done.getDisplayTitle()).isEqualTo("Rollback staging to 1.4.1 (drill drill-1)");
    assertThat(done.getName()).isEqualTo("CD rollback");
    assertThat(done.getHeadBranch()).isEqualTo("main");
    assertThat(done.getHeadSha()).matches("[0-9a-f]{40}");
    assertThat(done.getRunNumber()).isEqualTo(1);
    assertThat(done.getRunAttempt()).isEqualTo(1);
    assertThat(done.getHtmlUrl()).hasToString(sandbox.kubernetesUrl() + "/" + REPO + "/actions/runs/" + runId);
    assertThat(done.getRunStartedAt()).isAfterOrEqualTo(done.getCreatedAt());
    assertThat(done.getUpdatedAt()).isAfterOrEqualTo(done.getRunStartedAt());
    assertThat(done.getRepository().getFullName()).isEqualTo(REPO);

    Deployment deployment = sandbox.client().apps().deployments().inNamespace(NS).withName(NAME).get();
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(IMAGE + "1.4.1");
    assertThat(HealthEndpoint.rolloutProblem(deployment)).isNull();
    // The earlier release's whole template came back, not just its image.
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(SeedDeployment.OCI_REVISION_ANNOTATION, "3f9c2a71d4b8e05c6a1f7e2d9b4c8a6e1d0f3b27");
    assertThat(sandbox.gitHub().runs(REPO)).singleElement()
        .satisfies(run -> assertThat(run.conclusion()).isEqualTo("success"));
  }

  @Test
  void runFailsWhenTheEarlierImageIsBroken() throws Exception {
    start(Scenario.FAIL);
    long runId = runId(dispatch(sandbox, dispatchBody("1.4.1", "drill-2", true)).body());

    GHWorkflowRun done = await().atMost(WAIT).until(() -> repo.getWorkflowRun(runId),
        run -> run.getStatus() == Status.COMPLETED);

    assertThat(done.getConclusion()).isEqualTo(Conclusion.FAILURE);
    Deployment deployment = sandbox.client().apps().deployments().inNamespace(NS).withName(NAME).get();
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(IMAGE + "1.4.1");
    assertThat(deployment.getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded"));
  }

  @Test
  void aNewTagOnlyChangesTheImageAndAnInvalidOneFailsWithoutTouchingTheDeployment() throws Exception {
    start(Scenario.PASS);
    long newTag = runId(dispatch(sandbox, dispatchBody("1.5.0", "drill-3", true)).body());
    await().atMost(WAIT).until(() -> repo.getWorkflowRun(newTag).getStatus() == Status.COMPLETED);

    Deployment deployment = sandbox.client().apps().deployments().inNamespace(NS).withName(NAME).get();
    assertThat(repo.getWorkflowRun(newTag).getConclusion()).isEqualTo(Conclusion.SUCCESS);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(IMAGE + "1.5.0");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(SeedDeployment.OCI_REVISION_ANNOTATION, "a7e41c9b2f6d08e3c5b1a94f7d2e6c0b8a3f5d19");

    long invalid = runId(dispatch(sandbox, dispatchBody("::broken::", "drill-4", true)).body());
    await().atMost(WAIT).until(() -> repo.getWorkflowRun(invalid).getStatus() == Status.COMPLETED);
    assertThat(repo.getWorkflowRun(invalid).getConclusion()).isEqualTo(Conclusion.FAILURE);
    assertThat(sandbox.client().apps().deployments().inNamespace(NS).withName(NAME).get()
        .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE + "1.5.0");
  }

  @Test
  void listsRunsNewestFirstWithFiltersAndPagination() throws Exception {
    start(Scenario.PASS);
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    long first = runId(dispatch(sandbox, dispatchBody("1.4.1", "drill-5", true)).body());
    long second = runId(dispatch(sandbox, dispatchBody("1.4.2", "drill-6", true)).body());

    List<GHWorkflowRun> recent = repo.queryWorkflowRuns().event(GHEvent.WORKFLOW_DISPATCH)
        .created(">=" + before).list().withPageSize(1).toList();
    assertThat(recent).extracting(GHWorkflowRun::getId).containsExactly(second, first);
    assertThat(recent).extracting(GHWorkflowRun::getRunNumber).containsExactly(2L, 1L);

    assertThat(repo.getWorkflow("cd-rollback.yml").listRuns().toList()).extracting(GHWorkflowRun::getId)
        .containsExactly(second, first);
    assertThat(repo.queryWorkflowRuns().event(GHEvent.PUSH).list().toList()).isEmpty();
    assertThat(repo.queryWorkflowRuns().created("<" + before.minusSeconds(3600)).list().toList()).isEmpty();

    await().atMost(WAIT).until(() -> sandbox.gitHub().runs(REPO).stream()
        .allMatch(r -> r.status().equals("completed")));
    assertThat(repo.queryWorkflowRuns().status(Status.COMPLETED).list().toList()).hasSize(2);
    assertThat(repo.queryWorkflowRuns().status(Status.QUEUED).list().toList()).isEmpty();
  }

  private static long runId(String dispatchResponse) throws IOException {
    return JSON.readTree(dispatchResponse).get("workflow_run_id").asLong();
  }
}
