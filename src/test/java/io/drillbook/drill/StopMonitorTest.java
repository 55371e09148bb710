package io.drillbook.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.HealthConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.StopConditions;
import io.drillbook.config.TargetConfig;
import io.drillbook.config.Timeouts;
import io.drillbook.drill.RolloutOutcome.State;
import io.drillbook.time.Timing;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine with a stop monitor over a cluster whose rollout waits until something aborts it. */
class StopMonitorTest {
  private static final RollbackPlan PLAN = new RollbackPlan(3, "registry.example.com/ledger:2.3.0", 2,
      "registry.example.com/ledger:2.2.0", false, null);

  /** The drill's rollout never completes on its own; the restore's completes at once. */
  private static class StuckRollout implements Cluster {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile String progress = "observed 2, updated 1";

    @Override
    public RollbackPlan plan(TargetConfig target, OptionalLong toRevision) {
      calls.add("plan");
      return PLAN;
    }

    @Override
    public UndoResult undo(TargetConfig target, long toRevision) {
      calls.add("undo " + toRevision);
      return new UndoResult(false, "rolled back to revision " + toRevision);
    }

    @Override
    public RolloutOutcome awaitRollout(TargetConfig target, Duration timeout, Abort abort)
        throws InterruptedException {
      calls.add("await");
      if (calls.stream().filter(c -> c.equals("await")).count() > 1) {
        return new RolloutOutcome(State.COMPLETE, "rolled out", 4, PLAN.fromImage(), System.nanoTime());
      }
      CountDownLatch fired = new CountDownLatch(1);
      abort.onFire(fired::countDown);
      fired.await(60, TimeUnit.SECONDS);
      return new RolloutOutcome(State.ABORTED, "aborted: " + abort.reason(), 0, PLAN.toImage(), System.nanoTime());
    }

    @Override
    public String rolloutProgress(TargetConfig target) {
      return progress;
    }

    @Override
    public void close() {}
  }

  private static DrillConfig drill(StopConditions stop) {
    return new DrillConfig("ledger-rollback", "staging", new TargetConfig(null, null, "payments-staging", "ledger-api"),
        new DrillConfig.Rollback(RollbackMethod.KUBERNETES, OptionalLong.empty(), true, null),
        new DrillConfig.Judging(Duration.ofMinutes(5), new HealthConfig(URI.create("http://ledger-api.payments-staging.svc:8080/health"), 200), Timeouts.DEFAULTS, null),
        new DrillConfig.Evidence(Path.of("drills/ledger.md"), "drills/ledger.md"), null,
        new DrillConfig.Safety(false, stop));
  }

  private static DrillRecord run(StuckRollout cluster, HealthProbe health, StopQuery query, StopConditions stop,
      Abort callerAbort) {
    return new DrillEngine(cluster, any -> new KubernetesPath(cluster), health, Verifier.NONE, Timing.system(),
        new DrillIds(new Random(7)), ProductionGuard.defaults(), query, DrillMarking.NONE)
        .run(drill(stop), callerAbort, DrillListener.silent());
  }

  private static final HealthProbe UNHEALTHY =
      (url, expect, timeout, abort) -> new HealthProbe.HealthResult(false, 1, 503, null, System.nanoTime());
  private static final HealthProbe HEALTHY =
      (url, expect, timeout, abort) -> new HealthProbe.HealthResult(true, 1, 200, null, System.nanoTime());

  @Test
  void failingHealthAbortsTheDrillButNotTheCallersAbort() {
    StuckRollout cluster = new StuckRollout();
    Abort caller = new Abort();
    DrillRecord r = run(cluster, UNHEALTHY, StopQuery.NONE,
        new StopConditions(Duration.ofMillis(50), null, null, Duration.ofMillis(10)), caller);
    assertThat(r.verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(r.reason()).startsWith("aborted: stop condition healthFailingFor 0.050 s: GET "
        + "http://ledger-api.payments-staging.svc:8080/health has not answered 200 for").endsWith("last answer 503");
    assertThat(r.facts().get("stopCondition")).startsWith("healthFailingFor 0.050 s");
    assertThat(r.restored()).isTrue();
    assertThat(cluster.calls).containsExactly("plan", "undo 2", "await", "undo 3", "await");
    assertThat(caller.fired()).as("a stop condition ends this drill only").isFalse();
  }

  @Test
  void unchangedRolloutStatusAborts() {
    DrillRecord r = run(new StuckRollout(), HEALTHY, StopQuery.NONE,
        new StopConditions(null, Duration.ofMillis(50), null, Duration.ofMillis(10)), new Abort());
    assertThat(r.verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(r.facts().get("stopCondition")).startsWith("noRolloutProgressFor 0.050 s: the rollout of "
        + "payments-staging/ledger-api made no progress for").endsWith("(observed 2, updated 1)");
  }

  @Test
  void stopQueryAboveTheLimitAborts() {
    DrillRecord r = run(new StuckRollout(), HEALTHY, promql -> OptionalDouble.of(51.5),
        new StopConditions(null, null, new StopConditions.Query("sum(rate(errors_total[1m]))", 50),
            Duration.ofMillis(10)), new Abort());
    assertThat(r.verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(r.facts().get("stopCondition")).isEqualTo("query: sum(rate(errors_total[1m])) returned 51.5, above 50");
  }

  @Test
  void theCallersAbortStillWinsAndNamesNoStopCondition() {
    Abort caller = new Abort();
    StuckRollout cluster = new StuckRollout() {
      @Override
      public UndoResult undo(TargetConfig target, long toRevision) {
        if (toRevision == PLAN.toRevision()) {
          caller.fire("SIGTERM");
        }
        return super.undo(target, toRevision);
      }
    };
    DrillRecord r = run(cluster, HEALTHY, StopQuery.NONE,
        new StopConditions(Duration.ofMinutes(1), null, null, Duration.ofMillis(10)), caller);
    assertThat(r.verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(r.reason()).isEqualTo("aborted: SIGTERM");
    assertThat(r.facts()).containsKey("stopWhen").doesNotContainKey("stopCondition");
  }
}
