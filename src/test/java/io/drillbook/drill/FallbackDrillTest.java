package io.drillbook.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.HealthConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.TargetConfig;
import io.drillbook.config.Timeouts;
import io.drillbook.config.WorkflowConfig;
import io.drillbook.drill.RolloutOutcome.State;
import io.drillbook.time.Timing;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The runbook's fallbacks: a first path that gives up hands the drill to its fallback, timed from the start. */
class FallbackDrillTest {
  private static final Instant T0 = Instant.parse("2026-12-04T03:00:00.250Z");
  private static final String SICK = "registry.example.com/ledger:2.3.0";
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Timing timing = new Timing(Clock.fixed(T0, ZoneOffset.UTC), nanos::get,
      slept -> nanos.addAndGet(slept.toNanos()));
  private final FakeCluster cluster = new FakeCluster(nanos);
  private final Deque<Boolean> healthAnswers = new ArrayDeque<>();
  private final List<Duration> healthTimeouts = new ArrayList<>();
  private final RecordingMarkers markers = new RecordingMarkers();

  private final HealthProbe health = (url, expect, timeout, abort) -> {
    healthTimeouts.add(timeout);
    boolean ok = healthAnswers.isEmpty() || healthAnswers.poll();
    nanos.addAndGet(ok ? 500_000_000L : timeout.toNanos());
    return new HealthProbe.HealthResult(ok, ok ? 2 : 9, ok ? 200 : 503, null, nanos.get());
  };

  /** A first path that triggers as scripted, taking {@code seconds} to do it. */
  private static final class ScriptedPath implements RollbackPath {
    private final RollbackPlan plan;
    private final Trigger trigger;
    private final AtomicLong nanos;
    private final double seconds;
    final List<String> calls = new ArrayList<>();

    ScriptedPath(RollbackPlan plan, Trigger trigger, AtomicLong nanos, double seconds) {
      this.plan = plan;
      this.trigger = trigger;
      this.nanos = nanos;
      this.seconds = seconds;
    }

    @Override
    public RollbackPlan plan(DrillConfig drill, Cluster cluster) {
      calls.add("plan");
      return plan;
    }

    @Override
    public void preflight(DrillConfig drill, RollbackPlan plan, String drillId) {}

    @Override
    public Trigger rollBack(DrillConfig drill, RollbackPlan plan, String drillId, PhaseLog phases, Abort abort) {
      calls.add("rollBack");
      phases.begin("rollback", "scripted");
      nanos.addAndGet((long) (seconds * 1e9));
      if (trigger.result() == Trigger.Result.DONE) {
        phases.succeed(trigger.message());
      } else {
        phases.fail(trigger.message());
      }
      return trigger;
    }

    @Override
    public Trigger restore(DrillConfig drill, RollbackPlan plan, String drillId) {
      calls.add("restore");
      return new Trigger(Trigger.Result.SKIPPED, "nothing to restore", Map.of());
    }
  }

  /** Marker writes, in order. */
  private static final class RecordingMarkers implements MarkerStore {
    final List<String> written = new ArrayList<>();
    String current;

    @Override
    public String read(TargetConfig target) {
      return current;
    }

    @Override
    public void write(TargetConfig target, String marker) {
      written.add(marker);
      current = marker;
    }

    @Override
    public boolean remove(TargetConfig target, String marker) {
      boolean same = marker.equals(current);
      if (same) {
        current = null;
      }
      return same;
    }

    @Override
    public Deployed deployed(TargetConfig target, String image) {
      return new Deployed(image, OptionalLong.empty());
    }
  }

  private static DrillConfig drill(RollbackMethod method, Duration fallbackAfter) {
    WorkflowConfig workflow = method == RollbackMethod.GITHUB_ACTIONS
        ? new WorkflowConfig("acme/ledger", "cd-rollback.yml", "main", Map.of("image_tag", "${previousImageTag}"),
            null)
        : null;
    return new DrillConfig("ledger-staging-rollback", "staging",
        new TargetConfig(null, null, "payments-staging", "ledger-api"),
        new DrillConfig.Rollback(method, OptionalLong.empty(), true, workflow, null,
            new DrillConfig.Fallback(RollbackMethod.KUBERNETES, fallbackAfter)),
        new DrillConfig.Judging(Duration.ofMinutes(5),
            new HealthConfig(URI.create("http://ledger-api.payments-staging.svc:8080/health"), 200),
            new Timeouts(Duration.ofMinutes(2), Duration.ofSeconds(30)), null),
        new DrillConfig.Evidence(Path.of("drills/ledger.md"), "drills/ledger.md"), null, DrillConfig.Safety.NONE);
  }

  private DrillEngine engine(ScriptedPath first) {
    KubernetesPath kubernetes = new KubernetesPath(cluster);
    return new DrillEngine(cluster, d -> d.method() == RollbackMethod.KUBERNETES ? kubernetes : first, health,
        Verifier.NONE, timing, new DrillIds(new Random(7)), ProductionGuard.defaults(), StopQuery.NONE,
        new DrillMarking(markers, "runner-a/pid-42"));
  }

  private ScriptedPath restart() {
    return new ScriptedPath(new RollbackPlan(3, SICK, 3, SICK, false, null),
        RollbackPath.Trigger.done("restarted", Map.of()), nanos, 0.1);
  }

  @Test
  void aRestartWhosePodsStayUnhealthyFallsBackToTheRollbackAndTimesRecoveryFromTheRestart() {
    cluster.rollout(State.COMPLETE, 2.0).rollout(State.COMPLETE, 4.0).rollout(State.COMPLETE, 3.0);
    healthAnswers.add(false);
    ScriptedPath restart = restart();
    DrillRecord r = engine(restart).run(drill(RollbackMethod.RESTART, null), new Abort(), DrillListener.silent());

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASS);
    // 0.1 s restart + 2 s rollout + 30 s unhealthy + 4 s rollback rollout + 0.5 s health
    assertThat(r.recovery()).isEqualTo(Duration.ofMillis(36_600));
    assertThat(r.phases()).extracting(PhaseResult::name).containsExactly("preflight", "restart-rollback",
        "restart-rollout", "restart-health", "kubernetes-rollback", "kubernetes-rollout", "kubernetes-health",
        "restore");
    assertThat(r.checks()).extracting(CheckResult::name).contains("restart-health", "kubernetes-health",
        "recovery-objective", "restored");
    assertThat(r.facts()).containsEntry("recoveredBy", "kubernetes");
    assertThat(r.facts().get("pathsTried")).startsWith("restart (left: health check did not answer 200 within "
        + "30.000 s: last answer 503); kubernetes (recovered)");
    assertThat(r.method()).isEqualTo("restart");
    assertThat(r.fromRevision()).isEqualTo(3);
    assertThat(r.toRevision()).isEqualTo(2);
    assertThat(cluster.calls).containsExactly("plan", "await", "undo 2", "await", "undo 3", "await");
    assertThat(restart.calls).containsExactly("plan", "rollBack");
    assertThat(r.restored()).isTrue();
  }

  @Test
  void theMarkerNamesTheFallbackBeforeItChangesAnythingAndIsRemovedAfterTheRestore() {
    cluster.rollout(State.COMPLETE, 2.0).rollout(State.COMPLETE, 4.0).rollout(State.COMPLETE, 3.0);
    healthAnswers.add(false);
    engine(restart()).run(drill(RollbackMethod.RESTART, null), new Abort(), DrillListener.silent());

    assertThat(markers.written).hasSize(2);
    InProgressMarker first = InProgressMarker.parse(markers.written.get(0));
    InProgressMarker second = InProgressMarker.parse(markers.written.get(1));
    assertThat(first.restoreMethod()).isEqualTo("restart");
    assertThat(second.method()).isEqualTo("restart");
    assertThat(second.changedBy()).isEqualTo("kubernetes");
    assertThat(second.restoreMethod()).isEqualTo("kubernetes");
    assertThat(second.toRevision()).isEqualTo(2);
    assertThat(markers.written.get(1)).contains("\"formatVersion\":2").contains("\"changedBy\":\"kubernetes\"");
    assertThat(markers.current).isNull();
  }

  @Test
  void fallbackAfterBoundsHowLongTheRestartedPodsGetToAnswerHealthy() {
    cluster.rollout(State.COMPLETE, 8.0).rollout(State.COMPLETE, 4.0).rollout(State.COMPLETE, 3.0);
    healthAnswers.add(false);
    DrillRecord r = engine(restart()).run(drill(RollbackMethod.RESTART, Duration.ofSeconds(20)), new Abort(),
        DrillListener.silent());

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASS);
    // 20 s from the restart: 0.1 s trigger and 8 s rollout leave 11.9 s for health.
    assertThat(healthTimeouts.get(0)).isEqualTo(Duration.ofMillis(11_900));
    assertThat(healthTimeouts.get(1)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aHealthyRestartNeedsNoFallback() {
    cluster.rollout(State.COMPLETE, 2.0);
    DrillRecord r = engine(restart()).run(drill(RollbackMethod.RESTART, null), new Abort(), DrillListener.silent());

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASS);
    assertThat(r.facts()).containsEntry("recoveredBy", "restart").doesNotContainKey("pathsTried");
    assertThat(cluster.calls).containsExactly("plan", "await", "await");
    assertThat(markers.written).hasSize(1);
  }

  @Test
  void aWorkflowRunThatFailedHandsOverToTheFallback() {
    cluster.rollout(State.COMPLETE, 4.0).rollout(State.COMPLETE, 3.0);
    ScriptedPath workflow = new ScriptedPath(cluster.plan,
        RollbackPath.Trigger.fallBack("workflow run 7 concluded failure: https://github.com/acme/ledger/actions/runs/7",
            Map.of("runUrl", "https://github.com/acme/ledger/actions/runs/7")), nanos, 25.0);
    DrillRecord r = engine(workflow).run(drill(RollbackMethod.GITHUB_ACTIONS, null), new Abort(),
        DrillListener.silent());

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASS);
    assertThat(r.recovery()).isEqualTo(Duration.ofMillis(29_500));
    assertThat(r.facts()).containsEntry("recoveredBy", "kubernetes")
        .containsEntry("runUrl", "https://github.com/acme/ledger/actions/runs/7");
    assertThat(r.facts().get("pathsTried")).isEqualTo("github-actions (left: workflow run 7 concluded failure: "
        + "https://github.com/acme/ledger/actions/runs/7); kubernetes (recovered)");
    assertThat(r.phases()).extracting(PhaseResult::name).containsExactly("preflight", "github-actions-rollback",
        "kubernetes-rollback", "kubernetes-rollout", "kubernetes-health", "restore");
  }

  @Test
  void withoutAFallbackTheSameRunFailsTheDrill() {
    cluster.rollout(State.COMPLETE, 3.0);
    ScriptedPath workflow = new ScriptedPath(cluster.plan,
        RollbackPath.Trigger.fallBack("workflow run 7 concluded failure", Map.of()), nanos, 25.0);
    DrillConfig withFallback = drill(RollbackMethod.GITHUB_ACTIONS, null);
    DrillConfig d = new DrillConfig(withFallback.name(), withFallback.environment(), withFallback.target(),
        new DrillConfig.Rollback(RollbackMethod.GITHUB_ACTIONS, OptionalLong.empty(), true, withFallback.workflow()),
        withFallback.judging(), withFallback.evidence(), null, DrillConfig.Safety.NONE);
    DrillRecord r = engine(workflow).run(d, new Abort(), DrillListener.silent());

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("workflow run 7 concluded failure");
    assertThat(r.phases()).extracting(PhaseResult::name).containsExactly("preflight", "rollback", "restore");
  }

  @Test
  void aFallbackThatCouldNotRunRefusesTheDrillBeforeAnythingChanges() {
    cluster.planError = new PreflightException("deployment payments-staging/ledger-api has only one revision");
    ScriptedPath restart = restart();
    DrillRecord r = engine(restart).run(drill(RollbackMethod.RESTART, null), new Abort(), DrillListener.silent());

    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.reason()).isEqualTo("preflight refused: the fallback path (kubernetes) could not run: deployment "
        + "payments-staging/ledger-api has only one revision");
    assertThat(restart.calls).containsExactly("plan");
    assertThat(markers.written).isEmpty();
  }

  @Test
  void aFallbackThatDoesNotRecoverFailsTheDrillAndRestoresThroughIt() {
    cluster.rollout(State.COMPLETE, 2.0).rollout(State.FAILED, 60.0).rollout(State.COMPLETE, 3.0);
    healthAnswers.add(false);
    DrillRecord r = engine(restart()).run(drill(RollbackMethod.RESTART, null), new Abort(), DrillListener.silent());

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).contains("rollout to revision 2 did not complete");
    assertThat(r.facts().get("pathsTried")).endsWith("; kubernetes (did not recover)");
    assertThat(r.facts()).doesNotContainKey("recoveredBy");
    assertThat(cluster.calls).containsExactly("plan", "await", "undo 2", "await", "undo 3", "await");
    assertThat(r.restored()).isTrue();
  }

  @Test
  void crashRecoveryRestoresThroughThePathTheMarkerNames() {
    DrillEngine engine = engine(restart());
    RollbackPlan plan = new RollbackPlan(3, SICK, 2, "registry.example.com/ledger:2.2.0", false, null);
    Restoration.Result result = engine.restoreFor(drill(RollbackMethod.RESTART, null), "kubernetes", plan,
        "ledger-staging-rollback-20261204T030000Z-0a1b", TargetLock.UNCONTESTED);

    assertThat(result.restored()).as(result.detail()).isTrue();
    assertThat(cluster.calls).containsExactly("undo 3", "await");
  }
}
