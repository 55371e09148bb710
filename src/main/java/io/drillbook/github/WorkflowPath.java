package io.drillbook.github;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.WorkflowConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.Fact;
import io.drillbook.drill.InfrastructureException;
import io.drillbook.drill.PhaseLog;
import io.drillbook.drill.PreflightException;
import io.drillbook.drill.RollbackPath;
import io.drillbook.drill.RollbackPath.Trigger.Result;
import io.drillbook.drill.RollbackPlan;
import io.drillbook.github.GitHubValues.Dispatched;
import io.drillbook.github.GitHubValues.Run;
import io.drillbook.github.GitHubValues.Workflow;
import io.drillbook.time.Timing;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Rolls back by dispatching the runbook's GitHub Actions workflow (as {@code gh workflow run}), then follows the
 * run it started. The restore dispatches again with {@code restoreInputs}, or goes through {@code fallback} (the
 * Kubernetes API) when none are configured.
 */
public final class WorkflowPath implements RollbackPath {
  /** The input drillbook fills with its drill id when a workflow declares it and the config does not set it. */
  static final String DRILL_ID_INPUT = "drill_id";

  /**
   * GitHub's answers to a dispatch that mean this path cannot roll back at all (no access, no workflow or ref,
   * inputs refused): a drill with a fallback takes it.
   */
  static final Set<Integer> REFUSED_DISPATCH = Set.of(403, 404, 422);

  /**
   * How a run ends when the workflow itself could not do the rollback (a step failed, e.g. on a missing secret; it
   * was cancelled; it never started; it needs an approval): a drill with a fallback takes it. A run that timed out
   * or was skipped is a failure of the workflow path itself, not a reason to try another.
   */
  static final Set<String> FALLBACK_CONCLUSIONS = Set.of("failure", "cancelled", "startup_failure",
      "action_required");

  private final GitHubClient github;
  private final RollbackPath fallback;
  private final Timing timing;
  private final RunFollower follower;
  private final Duration correlationTimeout;

  /**
   * @param fallback restores drills that configure no {@code restoreInputs}
   * @param firstPoll first interval between run polls (grows by half each time up to {@code maxPoll})
   */
  public WorkflowPath(GitHubClient github, RollbackPath fallback, Timing timing, Duration firstPoll, Duration maxPoll) {
    this.github = github;
    this.fallback = fallback;
    this.timing = timing;
    this.follower = new RunFollower(github, timing, firstPoll, maxPoll);
    this.correlationTimeout = Duration.ofSeconds(60);
  }

  private record Prepared(Workflow workflow, Map<String, String> inputs, Map<String, String> restoreInputs) {}

  @Override
  public void preflight(DrillConfig drill, RollbackPlan plan, String drillId)
      throws PreflightException, InfrastructureException {
    prepare(drill, plan, drillId);
  }

  private Prepared prepare(DrillConfig drill, RollbackPlan plan, String drillId)
      throws PreflightException, GitHubException {
    WorkflowConfig wf = drill.workflow();
    Workflow workflow;
    try {
      workflow = github.workflow(wf.repository(), wf.workflow());
    } catch (GitHubException e) {
      if (e.status() == 404) {
        throw new PreflightException("workflow " + wf.workflow() + " not found in " + wf.repository());
      }
      throw e;
    }
    if (!"active".equals(workflow.state())) {
      throw new PreflightException("workflow " + wf.workflow() + " in " + wf.repository() + " is " + workflow.state()
          + ", not active; enable it before drilling");
    }
    String text = github.file(wf.repository(), workflow.path(), wf.ref()).orElseThrow(() -> new PreflightException(
        "workflow file " + workflow.path() + " not found in " + wf.repository() + " at ref " + wf.ref())).text();
    WorkflowDefinition definition;
    try {
      definition = WorkflowDefinition.parse(text);
    } catch (IllegalArgumentException e) {
      throw new PreflightException(workflow.path() + " at " + wf.ref() + ": " + e.getMessage());
    }
    Map<String, String> values = placeholderValues(drill, plan, drillId);
    Map<String, String> inputs = withDrillId(definition, WorkflowConfig.resolveAll(wf.inputs(), values), drillId);
    Map<String, String> restoreInputs = wf.restoreInputs() == null ? null
        : withDrillId(definition, WorkflowConfig.resolveAll(wf.restoreInputs(), values), drillId);
    StringBuilder problems = new StringBuilder();
    describe(problems, "inputs", definition.problems(inputs));
    if (restoreInputs != null) {
      describe(problems, "restoreInputs", definition.problems(restoreInputs));
    }
    if (problems.length() > 0) {
      throw new PreflightException(wf.repository() + "/" + workflow.path() + "@" + wf.ref()
          + " would refuse the dispatch: " + problems);
    }
    return new Prepared(workflow, inputs, restoreInputs);
  }

  private static void describe(StringBuilder sb, String which, List<String> problems) {
    if (!problems.isEmpty()) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(which).append(": ").append(String.join("; ", problems));
    }
  }

  private static Map<String, String> withDrillId(WorkflowDefinition definition, Map<String, String> inputs,
      String drillId) {
    if (definition.declares(DRILL_ID_INPUT) && !inputs.containsKey(DRILL_ID_INPUT)) {
      Map<String, String> more = new LinkedHashMap<>(inputs);
      more.put(DRILL_ID_INPUT, drillId);
      return more;
    }
    return inputs;
  }

  static Map<String, String> placeholderValues(DrillConfig drill, RollbackPlan plan, String drillId) {
    Map<String, String> values = new TreeMap<>();
    values.put("previousImageTag", ImageTags.tagOf(plan.toImage()));
    values.put("previousRevision", Long.toString(plan.toRevision()));
    values.put("originalImageTag", ImageTags.tagOf(plan.fromImage()));
    values.put("originalRevision", Long.toString(plan.fromRevision()));
    values.put("drillId", drillId);
    values.put("environment", drill.environment());
    return values;
  }

  @Override
  public Trigger rollBack(DrillConfig drill, RollbackPlan plan, String drillId, PhaseLog phases, Abort abort)
      throws InfrastructureException, InterruptedException {
    WorkflowConfig wf = drill.workflow();
    phases.begin("dispatched", "dispatching " + wf.repository() + "/" + wf.workflow() + "@" + wf.ref());
    Prepared prepared;
    try {
      prepared = prepare(drill, plan, drillId);
    } catch (PreflightException e) {
      throw new GitHubException(0, "the workflow changed since preflight: " + e.getMessage());
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("workflow", wf.repository() + "/" + prepared.workflow().path() + "@" + wf.ref());
    long runId;
    try {
      runId = dispatchAndFind(wf, prepared.workflow(), prepared.inputs(), drillId);
    } catch (GitHubException e) {
      if (!REFUSED_DISPATCH.contains(e.status())) {
        throw e;
      }
      String message = "GitHub refused the dispatch of " + prepared.workflow().path() + " (" + e.status() + "): "
          + e.getMessage();
      phases.fail(message);
      return Trigger.fallBack(message, facts);
    }
    Run run = github.run(wf.repository(), runId);
    phases.succeed("run " + runId + " with inputs " + prepared.inputs() + ": " + run.htmlUrl());
    Duration approvalLimit = drill.fallback() == null ? null : drill.fallback().after();
    RunFollower.Followed followed = follower.follow(wf.repository(), runId, drill.timeouts().rollout(),
        approvalLimit, abort, phases);
    Run last = followed.run();
    facts.put(Fact.RUN_URL.name(), last.htmlUrl());
    facts.put("runAttempt", Long.toString(last.attempt()));
    if (last.headSha() != null) {
      facts.put(Fact.HEAD_SHA.name(), last.headSha());
    }
    if (followed.aborted()) {
      return new Trigger(Result.ABORTED, "aborted while workflow run " + runId + " was " + last.status(), facts);
    }
    if (followed.waitedTooLong()) {
      // An approval given after the fallback took over would roll staging back a second time: cancel it first.
      String cancelled = cancel(wf.repository(), runId);
      facts.put("runCancelled", cancelled);
      String waited = "workflow run " + runId + " waited for an environment approval longer than fallbackAfter "
          + approvalLimit.toSeconds() + " s: " + last.htmlUrl();
      if (!cancelled.equals("yes")) {
        return new Trigger(Result.FAILED, waited + "; not falling back, because the run could not be cancelled and "
            + "may still roll staging back once approved (" + cancelled + ")", facts);
      }
      return Trigger.fallBack(waited + " (cancelled)", facts);
    }
    if (followed.timedOut()) {
      // A run left queued could still start after the restore and roll staging back again: cancel it.
      facts.put("runCancelled", cancel(wf.repository(), runId));
      return new Trigger(Result.FAILED, "workflow run " + runId + " was still " + last.status() + " after "
          + drill.timeouts().rollout().toSeconds() + " s: " + last.htmlUrl(), facts);
    }
    if (!followed.succeeded()) {
      String message = "workflow run " + runId + " concluded " + last.conclusion() + ": " + last.htmlUrl();
      return FALLBACK_CONCLUSIONS.contains(last.conclusion()) ? Trigger.fallBack(message, facts)
          : new Trigger(Result.FAILED, message, facts);
    }
    return Trigger.done("workflow run " + runId + " succeeded", facts);
  }

  private String cancel(String repo, long runId) {
    try {
      github.cancel(repo, runId);
      return "yes";
    } catch (GitHubException e) {
      return "no: " + e.getMessage();
    }
  }

  @Override
  public Trigger restore(DrillConfig drill, RollbackPlan plan, String drillId)
      throws InfrastructureException, InterruptedException {
    WorkflowConfig wf = drill.workflow();
    if (wf.restoreInputs() == null) {
      return fallback.restore(drill, plan, drillId);
    }
    Prepared prepared;
    try {
      prepared = prepare(drill, plan, drillId);
    } catch (PreflightException e) {
      throw new GitHubException(0, "cannot dispatch the restore: " + e.getMessage());
    }
    long runId = dispatchAndFind(wf, prepared.workflow(), prepared.restoreInputs(), drillId);
    RunFollower.Followed followed = follower.follow(wf.repository(), runId, drill.timeouts().rollout(), new Abort(),
        SILENT);
    Map<String, String> facts = Map.of(Fact.RESTORE_RUN_URL.name(), followed.run().htmlUrl());
    if (!followed.succeeded()) {
      return new Trigger(Result.FAILED, "restore run " + runId + " ended " + followed.run().status() + "/"
          + followed.run().conclusion() + ": " + followed.run().htmlUrl(), facts);
    }
    return Trigger.done("restore run " + runId + " succeeded: " + followed.run().htmlUrl(), facts);
  }

  /**
   * Dispatches and returns the run it started: from GitHub's answer when it gives one, else by correlating the
   * workflow's new dispatch runs. Never adopts a run it cannot tell is its own.
   */
  private long dispatchAndFind(WorkflowConfig wf, Workflow workflow, Map<String, String> inputs, String drillId)
      throws GitHubException, InterruptedException {
    Instant since = timing.now().minusSeconds(2);
    Set<Long> before = github.dispatchRuns(wf.repository(), workflow.id(), since).stream().map(Run::id)
        .collect(Collectors.toSet());
    Dispatched dispatched = github.dispatch(wf.repository(), workflow.id(), wf.ref(), inputs);
    if (dispatched.knowsRun()) {
      return dispatched.runId();
    }
    long deadline = timing.nanos() + correlationTimeout.toNanos();
    boolean tagged = inputs.containsKey(DRILL_ID_INPUT);
    while (true) {
      List<Run> fresh = github.dispatchRuns(wf.repository(), workflow.id(), since).stream()
          .filter(r -> !before.contains(r.id())).toList();
      List<Run> ours = tagged
          ? fresh.stream().filter(r -> r.displayTitle() != null && r.displayTitle().contains(drillId)).toList()
          : fresh;
      if (ours.size() == 1) {
        return ours.get(0).id();
      }
      if (ours.size() > 1 || (tagged && ours.isEmpty() && fresh.size() > 1)) {
        throw new GitHubException(0, "cannot tell which of " + fresh.size() + " new runs of " + workflow.path()
            + " is this drill's (GitHub did not return the run id); not adopting someone else's run");
      }
      if (tagged && ours.isEmpty() && fresh.size() == 1 && timing.nanos() > deadline - correlationTimeout.toNanos() / 2) {
        // The run title does not carry the drill id (no run-name in the workflow); one new run since our dispatch.
        return fresh.get(0).id();
      }
      if (timing.nanos() > deadline) {
        throw new GitHubException(0, "dispatched " + workflow.path() + " but no new run appeared within "
            + correlationTimeout.toSeconds() + " s");
      }
      timing.sleep(Duration.ofSeconds(1));
    }
  }

  private static final PhaseLog SILENT = new PhaseLog() {
    @Override
    public void begin(String phase, String what) {}

    @Override
    public void succeed(String detail) {}

    @Override
    public void succeedAt(long endNanos, String detail) {}

    @Override
    public void fail(String detail) {}
  };
}
