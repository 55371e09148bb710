package io.drillbook.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.drillbook.config.DrillConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.TargetConfig;
import io.drillbook.config.Timeouts;
import io.drillbook.config.WorkflowConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.Cluster;
import io.drillbook.drill.DrillEngine;
import io.drillbook.drill.DrillIds;
import io.drillbook.drill.DrillListener;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.KubernetesPath;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.RollbackPlan;
import io.drillbook.drill.RolloutOutcome;
import io.drillbook.drill.UndoResult;
import io.drillbook.drill.Verdict;
import io.drillbook.drill.Verifier;
import io.drillbook.faults.TcpProxy;
import io.drillbook.time.Timing;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * GitHub misbehaving the ways it does: bursts of 5xx mixed with rate limits, a secondary rate limit that names no
 * wait, an API that accepts connections and never answers (a {@link TcpProxy} stalling), and a run that never
 * leaves {@code queued}.
 */
class GitHubFaultsTest extends WireMockGitHub {
  private static final String RUN = "/repos/" + REPO + "/actions/runs/" + RUN_ID;
  private static final String DISPATCHES = "/repos/" + REPO + "/actions/workflows/" + WORKFLOW_ID + "/dispatches";

  private static ResponseDefinitionBuilder runOk() {
    return ok(run(RUN_ID, "completed", "success", "Rollback staging to 1.4.1 (drill-1)").toString());
  }

  /** The run endpoint answers each of {@code answers} once, in order, then the run. */
  private static void runAnswers(ResponseDefinitionBuilder... answers) {
    stubRepository();
    for (int i = 0; i < answers.length; i++) {
      wm.stubFor(get(urlPathEqualTo(RUN)).inScenario("burst").whenScenarioStateIs(i == 0 ? STARTED : "step " + i)
          .willReturn(answers[i]).willSetStateTo("step " + (i + 1)));
    }
    wm.stubFor(get(urlPathEqualTo(RUN)).inScenario("burst").whenScenarioStateIs("step " + answers.length)
        .willReturn(runOk()));
  }

  @Test
  void aBurstOf5xxAndRateLimitsIsWaitedOutWithoutTheRateLimitsUsingUpThe5xxBudget() throws Exception {
    runAnswers(error(502, "error-502-server-error.json"),
        error(429, "error-429-secondary-rate-limit.json").withHeader("Retry-After", "3"),
        error(503, "error-503-unavailable.json"),
        error(403, "error-403-secondary-rate-limit.json").withHeader("Retry-After", "5"),
        error(502, "error-502-server-error.json"));

    assertThat(client().run(REPO, RUN_ID).conclusion()).isEqualTo("success");

    assertThat(sleeps).containsExactly(Duration.ofMillis(1), Duration.ofSeconds(3), Duration.ofMillis(2),
        Duration.ofSeconds(5), Duration.ofMillis(4));
    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(RUN)))).hasSize(6);
  }

  @Test
  void secondaryRateLimitWithoutRetryAfterWaitsAMinuteAsGitHubAsks() throws Exception {
    runAnswers(error(403, "error-403-secondary-rate-limit.json"));

    assertThat(client().run(REPO, RUN_ID).id()).isEqualTo(RUN_ID);

    assertThat(sleeps).containsExactly(Duration.ofSeconds(60));
  }

  @Test
  void dispatchSecondaryRateLimitWithoutRetryAfterWaitsAMinuteThenDispatches() throws Exception {
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).inScenario("limited").whenScenarioStateIs(STARTED)
        .willReturn(error(403, "error-403-secondary-rate-limit.json")).willSetStateTo("ok"));
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).inScenario("limited").whenScenarioStateIs("ok")
        .willReturn(ok(fixture("dispatch-run-details.json"))));

    assertThat(client().dispatch(REPO, WORKFLOW_ID, "main", Map.of("environment", "staging")).runId())
        .isEqualTo(RUN_ID);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(60));
  }

  private GitHubClient clientThrough(TcpProxy proxy) throws GitHubException {
    return GitHubClient.connect(URI.create("http://127.0.0.1:" + proxy.port()), GitHubToken.of(TOKEN, "test"),
        new RetryPolicy(2, Duration.ofMillis(1), Duration.ofSeconds(90), Duration.ofSeconds(1)), recordingSleeper,
        Clock.systemUTC());
  }

  @Test
  void githubThatNeverAnswersTimesOutAndReadsAreRetriedThenFailWithAClearError() throws Exception {
    stubRepository();
    wm.stubFor(get(urlPathEqualTo(RUN)).willReturn(runOk()));
    try (TcpProxy proxy = TcpProxy.to("127.0.0.1", wm.getPort())) {
      GitHubClient client = clientThrough(proxy);
      proxy.stall();

      GitHubException e = catchThrowableOfType(GitHubException.class, () -> client.run(REPO, RUN_ID));

      assertThat(e).isNotNull();
      assertThat(e.status()).isZero();
      assertThat(e.getMessage()).contains("did not answer GET").contains("within 1 s").contains("3 attempts");
      assertThat(sleeps).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2));
      assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
    }
  }

  @Test
  void dispatchThatTimesOutIsNotSentAgain() throws Exception {
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).willReturn(ok(fixture("dispatch-run-details.json"))));
    try (TcpProxy proxy = TcpProxy.to("127.0.0.1", wm.getPort())) {
      GitHubClient client = clientThrough(proxy);
      proxy.stall();

      GitHubException e = catchThrowableOfType(GitHubException.class,
          () -> client.dispatch(REPO, WORKFLOW_ID, "main", Map.of("environment", "staging")));

      assertThat(e).isNotNull();
      assertThat(e.getMessage()).contains("GitHub unreachable").contains("HttpTimeoutException");
      assertThat(sleeps).isEmpty();
    }
  }

  /** The cluster side for the queued-forever drill: the restore rolls forward at once. */
  private static final class SettledCluster implements Cluster {
    final List<String> calls = new ArrayList<>();

    @Override
    public RollbackPlan plan(TargetConfig target, OptionalLong toRevision) {
      calls.add("plan");
      return new RollbackPlan(7, "registry.example.com/maestro/api:1.4.2", 6,
          "registry.example.com/maestro/api:1.4.1", false, null);
    }

    @Override
    public UndoResult undo(TargetConfig target, long toRevision) {
      calls.add("undo " + toRevision);
      return new UndoResult(true, "skipped rollback (current template already matches revision " + toRevision + ")");
    }

    @Override
    public RolloutOutcome awaitRollout(TargetConfig target, Duration timeout, Abort abort) {
      calls.add("await");
      return new RolloutOutcome(RolloutOutcome.State.COMPLETE, "deployment \"api\" successfully rolled out", 7,
          "registry.example.com/maestro/api:1.4.2", System.nanoTime());
    }

    @Override
    public void close() {}
  }

  @Test
  void runThatNeverLeavesQueuedFailsAtTheRolloutTimeoutIsCancelledAndStagingIsRestored() throws Exception {
    stubRepository();
    var workflow = json("workflow.json");
    wm.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/actions/workflows/cd-rollback.yml"))
        .willReturn(ok(workflow.toString())));
    wm.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/contents/.github/workflows/cd-rollback.yml"))
        .withQueryParam("ref", equalTo("main")).willReturn(ok(fixture("contents-cd-rollback-yml.json"))));
    wm.stubFor(get(urlPathEqualTo("/repos/" + REPO + "/actions/runs")).withQueryParam("event",
        equalTo("workflow_dispatch")).withQueryParam("created", matching(">=.*")).willReturn(ok(runsList())));
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).willReturn(ok(fixture("dispatch-run-details.json"))));
    wm.stubFor(get(urlPathEqualTo(RUN)).willReturn(ok(run(RUN_ID, "queued", null, "Rollback staging").toString())));
    wm.stubFor(post(urlPathEqualTo(RUN + "/cancel")).willReturn(github(202, "{}")));
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("environment", "staging");
    inputs.put("image_tag", "${previousImageTag}");
    DrillConfig drill = new DrillConfig("maestro-api", "staging", new TargetConfig(null, null, "maestro", "api"),
        new DrillConfig.Rollback(RollbackMethod.GITHUB_ACTIONS, OptionalLong.empty(), true, new WorkflowConfig(REPO, "cd-rollback.yml", "main", inputs, null)),
        new DrillConfig.Judging(Duration.ofMinutes(5), null, new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)), null),
        new DrillConfig.Evidence(Path.of("drills.md"), "drills.md"), null, DrillConfig.Safety.NONE);
    SettledCluster cluster = new SettledCluster();
    WorkflowPath path = new WorkflowPath(client(), new KubernetesPath(cluster), Timing.system(),
        Duration.ofMillis(50), Duration.ofMillis(200));

    DrillRecord r = new DrillEngine(cluster, any -> path, (u, e, t, a) -> null, Verifier.NONE, Timing.system(),
        new DrillIds(new Random(3))).run(drill, new Abort(), DrillListener.silent());

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("workflow run " + RUN_ID + " was still queued after 2 s: "
        + "https://github.com/acme/maestro/actions/runs/" + RUN_ID);
    assertThat(r.phases()).extracting(PhaseResult::name).containsSubsequence("dispatched", "queued", "restore");
    assertThat(r.phases().stream().filter(p -> p.name().equals("queued")).findFirst().orElseThrow().ok()).isFalse();
    assertThat(r.facts()).containsEntry("runCancelled", "yes");
    wm.verify(postRequestedFor(urlPathEqualTo(RUN + "/cancel")));
    assertThat(r.restored()).isTrue();
    assertThat(cluster.calls).contains("undo 7");
  }
}
