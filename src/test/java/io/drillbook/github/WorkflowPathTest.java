package io.drillbook.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drillbook.config.DrillConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.TargetConfig;
import io.drillbook.config.Timeouts;
import io.drillbook.config.WorkflowConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.PhaseLog;
import io.drillbook.drill.PreflightException;
import io.drillbook.drill.RollbackPath;
import io.drillbook.drill.RollbackPath.Trigger;
import io.drillbook.drill.RollbackPlan;
import io.drillbook.time.Timing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The github-actions rollback path end to end against a WireMock GitHub: preflight, dispatch, correlate, follow. */
class WorkflowPathTest extends WireMockGitHub {
  private static final String DRILL_ID = "drill-20250603-120000-a1b2";
  private static final String WORKFLOW = "/repos/" + REPO + "/actions/workflows/cd-rollback.yml";
  private static final String WORKFLOW_FILE = "/repos/" + REPO + "/contents/.github/workflows/cd-rollback.yml";
  private static final String DISPATCHES = "/repos/" + REPO + "/actions/workflows/" + WORKFLOW_ID + "/dispatches";
  private static final String RUNS = "/repos/" + REPO + "/actions/runs";
  private static final String HEAD_SHA = "9f2c4e1b7a3d5c8e0f6a2b4d1c3e5f7a9b0d2e4f";
  private static final RollbackPlan PLAN = new RollbackPlan(7, "registry.example.com/maestro/api:1.4.2", 6,
      "registry.example.com/maestro/api:1.4.1", false, "5d1e7c2a9b8f6e4d3c2b1a0f9e8d7c6b5a4f3e2d");

  private final Phases phases = new Phases();

  /** Records the phases a path reports, as {@code begin:name}, {@code succeed} and {@code fail}. */
  static final class Phases implements PhaseLog {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void begin(String phase, String what) {
      events.add("begin:" + phase);
    }

    @Override
    public void succeed(String detail) {
      events.add("succeed");
    }

    @Override
    public void succeedAt(long endNanos, String detail) {
      events.add("succeed");
    }

    @Override
    public void fail(String detail) {
      events.add("fail: " + detail);
    }

    List<String> begun() {
      return events.stream().filter(e -> e.startsWith("begin:")).map(e -> e.substring(6)).toList();
    }
  }

  private static DrillConfig drill(Map<String, String> inputs) {
    WorkflowConfig wf = new WorkflowConfig(REPO, "cd-rollback.yml", "main", inputs, null);
    return new DrillConfig("maestro-api", "staging", new TargetConfig(null, null, "maestro", "api"),
        new DrillConfig.Rollback(RollbackMethod.GITHUB_ACTIONS, OptionalLong.empty(), true, wf),
        new DrillConfig.Judging(Duration.ofMinutes(5), null, new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(30)), null),
        new DrillConfig.Evidence(Path.of("docs/drills/evidence.md"), "docs/drills/evidence.md"), null,
        DrillConfig.Safety.NONE);
  }

  private static DrillConfig drill() {
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("environment", "${environment}");
    inputs.put("image_tag", "${previousImageTag}");
    return drill(inputs);
  }

  private static final RollbackPath NO_FALLBACK = new RollbackPath() {
    @Override
    public void preflight(DrillConfig drill, RollbackPlan plan, String drillId) {
      throw new AssertionError("fallback used");
    }

    @Override
    public Trigger rollBack(DrillConfig drill, RollbackPlan plan, String drillId, PhaseLog phases, Abort abort) {
      throw new AssertionError("fallback used");
    }

    @Override
    public Trigger restore(DrillConfig drill, RollbackPlan plan, String drillId) {
      throw new AssertionError("fallback used");
    }
  };

  private WorkflowPath path() throws GitHubException {
    return new WorkflowPath(client(), NO_FALLBACK, Timing.system(), Duration.ofMillis(10), Duration.ofMillis(20));
  }

  private static void stubWorkflow(String state, String fileFixture) {
    stubRepository();
    ObjectNode workflow = json("workflow.json");
    workflow.put("state", state);
    wm.stubFor(get(urlPathEqualTo(WORKFLOW)).willReturn(ok(workflow.toString())));
    wm.stubFor(get(urlPathEqualTo(WORKFLOW_FILE)).withQueryParam("ref", equalTo("main"))
        .willReturn(ok(fixture(fileFixture))));
  }

  private static void stubActiveWorkflow() {
    stubWorkflow("active", "contents-cd-rollback-yml.json");
  }

  /** This workflow's dispatch runs since a moment: the query drillbook correlates with. */
  private static com.github.tomakehurst.wiremock.client.MappingBuilder listRuns() {
    return get(urlPathEqualTo(RUNS)).withQueryParam("event", equalTo("workflow_dispatch"))
        .withQueryParam("created", matching(">=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
  }

  /** GET of one run answers each of {@code states} in turn, then keeps answering the last. */
  private static void stubRunSequence(long id, ObjectNode... states) {
    String scenario = "run " + id;
    for (int i = 0; i < states.length; i++) {
      var stub = get(urlPathEqualTo(RUNS + "/" + id)).inScenario(scenario)
          .whenScenarioStateIs(i == 0 ? STARTED : "poll " + i).willReturn(ok(states[i].toString()));
      if (i + 1 < states.length) {
        stub = stub.willSetStateTo("poll " + (i + 1));
      }
      wm.stubFor(stub);
    }
  }

  private static String title(String drillId) {
    return "Rollback staging to 1.4.1 (" + drillId + ")";
  }

  @Test
  void preflightRefusesNamingEveryInputTheWorkflowFileDoesNotDeclare() throws Exception {
    stubWorkflow("active", "contents-cd-rollback-yml-without-image-tag.json");
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("environment", "${environment}");
    inputs.put("image_tag", "${previousImageTag}");
    inputs.put("namespace", "maestro");

    PreflightException e = catchThrowableOfType(PreflightException.class,
        () -> path().preflight(drill(inputs), PLAN, DRILL_ID));

    assertThat(e.getMessage()).contains("acme/maestro/.github/workflows/cd-rollback.yml@main")
        .contains("input 'image_tag' is not declared").contains("input 'namespace' is not declared")
        .doesNotContain("'environment'").doesNotContain("'drill_id'");
    wm.verify(0, postRequestedFor(urlPathEqualTo(DISPATCHES)));
  }

  @Test
  void preflightRefusesADisabledWorkflow() throws Exception {
    stubWorkflow("disabled_manually", "contents-cd-rollback-yml.json");

    PreflightException e = catchThrowableOfType(PreflightException.class,
        () -> path().preflight(drill(), PLAN, DRILL_ID));

    assertThat(e.getMessage()).contains("cd-rollback.yml").contains("disabled_manually").contains("not active");
  }

  @Test
  void preflightRefusesAWorkflowGitHubDoesNotKnow() throws Exception {
    stubRepository();
    wm.stubFor(get(urlPathEqualTo(WORKFLOW)).willReturn(error(404, "error-404-not-found.json")));

    PreflightException e = catchThrowableOfType(PreflightException.class,
        () -> path().preflight(drill(), PLAN, DRILL_ID));

    assertThat(e.getMessage()).isEqualTo("workflow cd-rollback.yml not found in acme/maestro");
  }

  @Test
  void preflightAcceptsInputsTheWorkflowDeclares() throws Exception {
    stubActiveWorkflow();

    path().preflight(drill(), PLAN, DRILL_ID);

    wm.verify(getRequestedFor(urlPathEqualTo(WORKFLOW_FILE)).withQueryParam("ref", equalTo("main")));
  }

  @Test
  void runThatGoesQueuedInProgressCompletedSuccessIsDone() throws Exception {
    stubActiveWorkflow();
    wm.stubFor(listRuns().willReturn(ok(runsList())));
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).willReturn(ok(fixture("dispatch-run-details.json"))));
    ObjectNode queued = run(RUN_ID, "queued", null, title(DRILL_ID));
    ObjectNode inProgress = run(RUN_ID, "in_progress", null, title(DRILL_ID));
    ObjectNode success = run(RUN_ID, "completed", "success", title(DRILL_ID));
    stubRunSequence(RUN_ID, queued, queued, inProgress, success);

    Trigger trigger = path().rollBack(drill(), PLAN, DRILL_ID, phases, new Abort());

    assertThat(trigger.result()).isEqualTo(Trigger.Result.DONE);
    assertThat(trigger.message()).contains("workflow run " + RUN_ID + " succeeded");
    assertThat(trigger.facts())
        .containsEntry("runUrl", "https://github.com/acme/maestro/actions/runs/" + RUN_ID)
        .containsEntry("runAttempt", "1")
        .containsEntry("headSha", HEAD_SHA)
        .containsEntry("workflow", "acme/maestro/.github/workflows/cd-rollback.yml@main");
    assertThat(phases.begun()).containsExactly("dispatched", "queued", "in_progress", "completed");
    assertThat(phases.events).noneMatch(e -> e.startsWith("fail"));
    wm.verify(postRequestedFor(urlPathEqualTo(DISPATCHES))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withRequestBody(equalToJson("""
            {"ref": "main",
             "inputs": {"environment": "staging", "image_tag": "1.4.1", "drill_id": "%s"},
             "return_run_details": true}""".formatted(DRILL_ID))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"failure", "cancelled", "timed_out", "startup_failure", "action_required"})
  void runThatConcludesOtherThanSuccessFailsNamingTheConclusion(String conclusion) throws Exception {
    stubActiveWorkflow();
    wm.stubFor(listRuns().willReturn(ok(runsList())));
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).willReturn(ok(fixture("dispatch-run-details.json"))));
    stubRunSequence(RUN_ID, run(RUN_ID, "in_progress", null, title(DRILL_ID)),
        run(RUN_ID, "completed", conclusion, title(DRILL_ID)));

    Trigger trigger = path().rollBack(drill(), PLAN, DRILL_ID, phases, new Abort());

    // The conclusions the runbook answers with its fallback ("secrets are missing" shows up as a failed step).
    assertThat(trigger.result()).isEqualTo(conclusion.equals("timed_out") ? Trigger.Result.FAILED
        : Trigger.Result.FALL_BACK);
    assertThat(trigger.message()).contains("concluded " + conclusion)
        .contains("https://github.com/acme/maestro/actions/runs/" + RUN_ID);
    assertThat(trigger.facts()).containsEntry("runUrl", "https://github.com/acme/maestro/actions/runs/" + RUN_ID);
    assertThat(phases.begun()).endsWith("completed");
    assertThat(phases.events.get(phases.events.size() - 1)).startsWith("fail: conclusion " + conclusion);
  }

  @Test
  void dispatchAnswered204FindsTheNewRunByDrillIdAndNeverAdoptsOneListedBefore() throws Exception {
    stubActiveWorkflow();
    // The run listed before the dispatch carries the same drill id (e.g. this drill's rollback run, seen again
    // when the restore dispatches): it must not be adopted even though its title matches.
    long before = 15402900001L;
    long ours = 15402938555L;
    ObjectNode earlier = run(before, "completed", "success", title(DRILL_ID));
    ObjectNode fresh = run(ours, "queued", null, title(DRILL_ID));
    wm.stubFor(listRuns().inScenario("runs").whenScenarioStateIs(STARTED).willReturn(ok(runsList(earlier))));
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).inScenario("runs").whenScenarioStateIs(STARTED)
        .willReturn(noContent()).willSetStateTo("dispatched"));
    wm.stubFor(listRuns().inScenario("runs").whenScenarioStateIs("dispatched")
        .willReturn(ok(runsList(fresh, earlier))));
    stubRunSequence(ours, fresh, run(ours, "completed", "success", title(DRILL_ID)));

    Trigger trigger = path().rollBack(drill(), PLAN, DRILL_ID, phases, new Abort());

    assertThat(trigger.result()).isEqualTo(Trigger.Result.DONE);
    assertThat(trigger.facts()).containsEntry("runUrl", "https://github.com/acme/maestro/actions/runs/" + ours);
    wm.verify(0, getRequestedFor(urlPathEqualTo(RUNS + "/" + before)));
    wm.verify(1, postRequestedFor(urlPathEqualTo(DISPATCHES)));
  }

  @Test
  void dispatchAnswered204WithTwoNewRunsNotCarryingTheDrillIdRefusesToGuess() throws Exception {
    stubActiveWorkflow();
    ObjectNode someoneElses = run(15402938601L, "queued", null, "CD Rollback");
    ObjectNode another = run(15402938602L, "queued", null, "CD Rollback");
    wm.stubFor(listRuns().inScenario("runs").whenScenarioStateIs(STARTED).willReturn(ok(runsList())));
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).inScenario("runs").whenScenarioStateIs(STARTED)
        .willReturn(noContent()).willSetStateTo("dispatched"));
    wm.stubFor(listRuns().inScenario("runs").whenScenarioStateIs("dispatched")
        .willReturn(ok(runsList(another, someoneElses))));

    GitHubException e = catchThrowableOfType(GitHubException.class,
        () -> path().rollBack(drill(), PLAN, DRILL_ID, phases, new Abort()));

    assertThat(e.getMessage()).contains("cannot tell which of 2 new runs").contains("not adopting");
    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(RUNS + "/15402938601")))).isEmpty();
    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(RUNS + "/15402938602")))).isEmpty();
    assertThat(new ArrayList<>(phases.begun())).containsExactly("dispatched");
  }

  private static DrillConfig drillFallingBack(Duration after) {
    DrillConfig d = drill();
    return new DrillConfig(d.name(), d.environment(), d.target(),
        new DrillConfig.Rollback(RollbackMethod.GITHUB_ACTIONS, OptionalLong.empty(), true, d.workflow(), null,
            new DrillConfig.Fallback(RollbackMethod.KUBERNETES, after)),
        d.judging(), d.evidence(), null, DrillConfig.Safety.NONE);
  }

  @ParameterizedTest
  @ValueSource(ints = {403, 404, 422})
  void aDispatchGitHubRefusesHandsOverToTheFallbackNamingTheAnswer(int status) throws Exception {
    stubActiveWorkflow();
    wm.stubFor(listRuns().willReturn(ok(runsList())));
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody("{\"message\":\"Workflow does not have 'workflow_dispatch' trigger\","
            + "\"documentation_url\":\"https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event\","
            + "\"status\":\"" + status + "\"}")));

    Trigger trigger = path().rollBack(drillFallingBack(null), PLAN, DRILL_ID, phases, new Abort());

    assertThat(trigger.result()).isEqualTo(Trigger.Result.FALL_BACK);
    assertThat(trigger.message()).startsWith("GitHub refused the dispatch of .github/workflows/cd-rollback.yml ("
        + status + ")");
    assertThat(phases.events.get(phases.events.size() - 1)).startsWith("fail: GitHub refused the dispatch");
  }

  @Test
  void aRunWaitingForAnApprovalLongerThanFallbackAfterIsCancelledAndHandsOver() throws Exception {
    stubActiveWorkflow();
    wm.stubFor(listRuns().willReturn(ok(runsList())));
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).willReturn(ok(fixture("dispatch-run-details.json"))));
    stubRunSequence(RUN_ID, run(RUN_ID, "queued", null, title(DRILL_ID)), run(RUN_ID, "waiting", null,
        title(DRILL_ID)));
    wm.stubFor(post(urlPathEqualTo(RUNS + "/" + RUN_ID + "/cancel")).willReturn(aResponse().withStatus(202)
        .withHeader("Content-Type", "application/json; charset=utf-8").withBody("{}")));

    Trigger trigger = path().rollBack(drillFallingBack(Duration.ofMillis(300)), PLAN, DRILL_ID, phases, new Abort());

    assertThat(trigger.result()).isEqualTo(Trigger.Result.FALL_BACK);
    assertThat(trigger.message()).contains("waited for an environment approval longer than fallbackAfter")
        .endsWith("(cancelled)");
    assertThat(trigger.facts()).containsEntry("runCancelled", "yes");
    wm.verify(1, postRequestedFor(urlPathEqualTo(RUNS + "/" + RUN_ID + "/cancel")));
  }

  @Test
  void aWaitingRunThatCannotBeCancelledIsNotLeftBehindForTheFallback() throws Exception {
    stubActiveWorkflow();
    wm.stubFor(listRuns().willReturn(ok(runsList())));
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).willReturn(ok(fixture("dispatch-run-details.json"))));
    stubRunSequence(RUN_ID, run(RUN_ID, "waiting", null, title(DRILL_ID)));
    wm.stubFor(post(urlPathEqualTo(RUNS + "/" + RUN_ID + "/cancel")).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody("{\"message\":\"Resource not accessible by integration\",\"status\":\"403\"}")));

    Trigger trigger = path().rollBack(drillFallingBack(Duration.ofMillis(200)), PLAN, DRILL_ID, phases, new Abort());

    assertThat(trigger.result()).isEqualTo(Trigger.Result.FAILED);
    assertThat(trigger.message()).contains("not falling back, because the run could not be cancelled");
    assertThat(trigger.facts().get("runCancelled")).startsWith("no: ");
  }

  @Test
  void withoutAFallbackAWaitingRunIsFollowedLikeAQueuedOne() throws Exception {
    stubActiveWorkflow();
    wm.stubFor(listRuns().willReturn(ok(runsList())));
    wm.stubFor(post(urlPathEqualTo(DISPATCHES)).willReturn(ok(fixture("dispatch-run-details.json"))));
    stubRunSequence(RUN_ID, run(RUN_ID, "waiting", null, title(DRILL_ID)), run(RUN_ID, "waiting", null,
        title(DRILL_ID)), run(RUN_ID, "in_progress", null, title(DRILL_ID)),
        run(RUN_ID, "completed", "success", title(DRILL_ID)));

    Trigger trigger = path().rollBack(drill(), PLAN, DRILL_ID, phases, new Abort());

    assertThat(trigger.result()).isEqualTo(Trigger.Result.DONE);
    wm.verify(0, postRequestedFor(urlPathEqualTo(RUNS + "/" + RUN_ID + "/cancel")));
  }
}
