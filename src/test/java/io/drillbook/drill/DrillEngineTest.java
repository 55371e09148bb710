package io.drillbook.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.HealthConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.TargetConfig;
import io.drillbook.config.Timeouts;
import io.drillbook.drill.RolloutOutcome.State;
import io.drillbook.time.Timing;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DrillEngineTest {
  private static final Instant T0 = Instant.parse("2026-11-29T03:00:00.123Z");
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Timing timing = new Timing(Clock.fixed(T0, ZoneOffset.UTC), nanos::get, slept -> nanos.addAndGet(slept.toNanos()));
  private final FakeCluster cluster = new FakeCluster(nanos);
  private HealthProbe health = (url, expect, timeout, abort) -> {
    nanos.addAndGet(500_000_000L);
    return new HealthProbe.HealthResult(true, 2, 200, null, nanos.get());
  };

  private static DrillConfig drill(boolean restore, Duration objective, boolean withHealth) {
    return drill(restore, objective, withHealth, Timeouts.DEFAULTS);
  }

  private static DrillConfig drill(boolean restore, Duration objective, boolean withHealth, Timeouts timeouts) {
    return new DrillConfig("ledger-staging-rollback", "staging", new TargetConfig(null, null, "payments-staging", "ledger-api"),
        new DrillConfig.Rollback(RollbackMethod.KUBERNETES, OptionalLong.empty(), restore, null),
        new DrillConfig.Judging(objective, withHealth ? new HealthConfig(URI.create("http://ledger-api.payments-staging.svc:8080/health"), 200) : null, timeouts, null),
        new DrillConfig.Evidence(Path.of("drills/ledger.md"), "drills/ledger.md"), null, DrillConfig.Safety.NONE);
  }

  private DrillRecord run(DrillConfig d) {
    return run(d, new Abort());
  }

  private DrillRecord run(DrillConfig d, Abort abort) {
    return new DrillEngine(cluster, any -> new KubernetesPath(cluster), (u, e, t, a) -> health.await(u, e, t, a), Verifier.NONE, timing,
        new DrillIds(new Random(7)))
        .run(d, abort, DrillListener.silent());
  }

  @Test
  void passesWhenRolledOutAndHealthyWithinObjectiveThenRestores() {
    cluster.rollout(State.COMPLETE, 4.0).rollout(State.COMPLETE, 3.0);
    DrillRecord r = run(drill(true, Duration.ofMinutes(5), true));
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.recovery()).isEqualTo(Duration.ofMillis(4500));
    assertThat(r.phases()).extracting(PhaseResult::name)
        .containsExactly("preflight", "rollback", "rollout", "health", "restore");
    assertThat(r.phases()).allMatch(PhaseResult::ok);
    assertThat(r.phases().get(2).duration()).isEqualTo(Duration.ofSeconds(4));
    assertThat(r.checks()).extracting(CheckResult::name)
        .containsExactly("rollout-complete", "rolled-back-image", "health", "recovery-objective", "restored");
    assertThat(r.restored()).isTrue();
    assertThat(r.startedAt()).isEqualTo(T0);
    assertThat(r.drillId()).startsWith("ledger-staging-rollback-20261129T030000Z-");
    assertThat(r.fromRevision()).isEqualTo(3);
    assertThat(r.toRevision()).isEqualTo(2);
    assertThat(cluster.calls).containsExactly("plan", "undo 2", "await", "undo 3", "await");
  }

  @Test
  void failsWhenRecoveryExceedsTheObjective() {
    cluster.rollout(State.COMPLETE, 61.0);
    DrillRecord r = run(drill(true, Duration.ofMinutes(1), false));
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("recovery took 61.000 s, over the objective of 60.000 s");
    assertThat(r.checks()).filteredOn(c -> c.name().equals("recovery-objective")).singleElement()
        .extracting(CheckResult::ok).isEqualTo(false);
    assertThat(r.restored()).isTrue();
  }

  @Test
  void failsOnProgressDeadlineAndStillRestores() {
    cluster.rollout(State.FAILED, 20.0).rollout(State.COMPLETE, 3.0);
    DrillRecord r = run(drill(true, Duration.ofMinutes(5), true));
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).contains("did not complete").contains("exceeded its progress deadline");
    assertThat(r.recovery()).isNull();
    assertThat(r.restored()).isTrue();
    assertThat(cluster.calls).containsExactly("plan", "undo 2", "await", "undo 3", "await");
  }

  @Test
  void preflightRefusalIsInconclusiveAndTouchesNothing() {
    cluster.planError = new PreflightException("deployment payments-staging/ledger-api is paused");
    DrillRecord r = run(drill(true, Duration.ofMinutes(5), true));
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.reason()).isEqualTo("preflight refused: deployment payments-staging/ledger-api is paused");
    assertThat(r.restored()).isTrue();
    assertThat(cluster.calls).containsExactly("plan");
  }

  @Test
  void templateAlreadyAtTargetIsInconclusiveBecauseNothingWasExercised() {
    cluster.plan = new RollbackPlan(3, "img:3", 2, "img:3", true, null);
    DrillRecord r = run(drill(true, Duration.ofMinutes(5), true));
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.reason()).contains("nothing was exercised");
    assertThat(cluster.calls).containsExactly("plan");
  }

  @Test
  void clusterErrorMidRolloutIsInconclusiveAndRestores() {
    cluster.rolloutThrows(new ClusterException("API server unreachable (ConnectException)"))
        .rollout(State.COMPLETE, 2.0);
    DrillRecord r = run(drill(true, Duration.ofMinutes(5), true));
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.reason()).contains("API server unreachable");
    assertThat(r.restored()).isTrue();
    assertThat(r.phases()).extracting(PhaseResult::name).containsExactly("preflight", "rollback", "rollout", "restore");
    assertThat(r.phases().get(2).ok()).isFalse();
  }

  @Test
  void lostPatchAnswerStillRestores() {
    cluster.undoError = new ClusterException("failed restoring revision 2: timeout");
    DrillRecord r = run(drill(true, Duration.ofMinutes(5), true));
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(cluster.calls).contains("undo 3");
  }

  @Test
  void abortDuringRolloutEndsAbortedAndRestores() {
    cluster.rollout(State.ABORTED, 1.0).rollout(State.COMPLETE, 2.0);
    DrillRecord r = run(drill(true, Duration.ofMinutes(5), true));
    assertThat(r.verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(r.restored()).isTrue();
    assertThat(cluster.calls).containsExactly("plan", "undo 2", "await", "undo 3", "await");
  }

  @Test
  void interruptDuringRolloutRestoresThenKeepsTheInterruptFlag() {
    cluster.rolloutThrows(new InterruptedException()).rollout(State.COMPLETE, 2.0);
    DrillRecord r = run(drill(true, Duration.ofMinutes(5), true));
    assertThat(r.verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(r.restored()).isTrue();
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void failedRestoreTurnsAPassIntoAFailAndSaysHowToFixIt() {
    cluster.rollout(State.COMPLETE, 2.0).rollout(State.TIMED_OUT, 600.0);
    DrillRecord r = run(drill(true, Duration.ofMinutes(5), true));
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.restored()).isFalse();
    assertThat(r.reason()).contains("STAGING NOT RESTORED").contains("--to-revision=3");
  }

  @Test
  void unhealthyServiceFailsTheDrill() {
    health = (url, expect, timeout, abort) -> new HealthProbe.HealthResult(false, 9, 503, null, nanos.get());
    DrillRecord r = run(drill(true, Duration.ofMinutes(5), true));
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).contains("health check did not answer 200").contains("last answer 503");
    assertThat(r.restored()).isTrue();
  }

  @Test
  void restoreDisabledLeavesTheRollbackAndSaysSo() {
    DrillRecord r = run(drill(false, Duration.ofMinutes(5), false));
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.restored()).isFalse();
    assertThat(r.restoreDetail()).contains("restore disabled");
    assertThat(cluster.calls).containsExactly("plan", "undo 2", "await");
  }

  @Test
  void abortBeforeRollbackChangesNothing() {
    Abort abort = new Abort();
    abort.fire("shutdown");
    DrillRecord r = run(drill(true, Duration.ofMinutes(5), true), abort);
    assertThat(r.verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(cluster.calls).containsExactly("plan");
  }

  @Test
  void restoreIsRetriedWhileTheClusterIsUnreachableAndSucceedsOnceItIsBack() {
    cluster.rolloutThrows(new ClusterException("the watch on the deployment was lost and not re-established before "
        + "the rollout timeout (last seen: no status seen)"));
    cluster.restoreFailures = 3;
    DrillRecord r = run(drill(true, Duration.ofMinutes(5), true));
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.reason()).startsWith("cluster error: the watch on the deployment was lost").doesNotContain("NOT RESTORED");
    assertThat(r.restored()).isTrue();
    assertThat(r.restoreDetail()).startsWith("back on registry.example.com/ledger:2.3.0")
        .contains("after 3 retries").contains("API server unreachable");
    assertThat(cluster.calls).containsExactly("plan", "undo 2", "await", "undo 3", "undo 3", "undo 3", "undo 3", "await");
  }

  @Test
  void restoreRolloutWatchLostIsWatchedAgainWithoutAnotherTrigger() {
    cluster.rollout(State.COMPLETE, 2.0)
        .rolloutThrows(new ClusterException("watching the deployment failed: connection reset"))
        .rollout(State.COMPLETE, 2.0);
    DrillRecord r = run(drill(true, Duration.ofMinutes(5), true));
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.restored()).isTrue();
    assertThat(cluster.calls).containsExactly("plan", "undo 2", "await", "undo 3", "await", "await");
  }

  @Test
  void restoreStopsOnALastingRefusalConfirmedThreeTimesAndSaysWhy() {
    cluster.restoreFailures = -1;
    cluster.restoreError = new ClusterException("failed restoring revision 3 of payments-staging/ledger-api: "
        + "403 Forbidden: the service account lacks a permission (deployments.apps \"ledger-api\" is forbidden)",
        null, true);
    long before = nanos.get();
    DrillRecord r = run(drill(true, Duration.ofMinutes(5), true));
    assertThat(r.restored()).isFalse();
    assertThat(r.reason()).contains("STAGING NOT RESTORED");
    assertThat(r.restoreDetail()).contains("403 Forbidden")
        .endsWith("(a lasting refusal, 3 times in a row: not retried further)");
    assertThat(cluster.calls.stream().filter("undo 3"::equals).count()).as("confirmed, not tried until the deadline")
        .isEqualTo(3);
    assertThat(nanos.get() - before).as("two backoffs: 0.5 s and 1 s, then the rollout's own time")
        .isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void aSingleForbiddenFromARestartingApiServerIsRetried() {
    cluster.restoreFailures = 1;
    cluster.restoreError = new ClusterException("failed restoring revision 3 of payments-staging/ledger-api: "
        + "403 Forbidden: the service account lacks a permission (RBAC rules not loaded yet)", null, true);
    DrillRecord r = run(drill(true, Duration.ofMinutes(5), true));
    assertThat(r.restored()).isTrue();
    assertThat(r.restoreDetail()).contains("after 1 retry");
  }

  @Test
  void restoreGivesUpAtTheRestoreDeadlineAndSaysStagingIsNotRestored() {
    cluster.rolloutThrows(new ClusterException("API server unreachable (ConnectException)"));
    cluster.restoreFailures = -1;
    DrillConfig d = drill(true, Duration.ofMinutes(5), true,
        new Timeouts(Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofSeconds(30)));
    long before = nanos.get();
    DrillRecord r = run(d);
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.restored()).isFalse();
    assertThat(r.reason()).contains("STAGING NOT RESTORED").contains("--to-revision=3");
    assertThat(r.restoreDetail()).contains("API server unreachable").contains("within timeouts.restore 30.000 s");
    // Bounded: 0.5 s doubling to 5 s fits some ten attempts into 30 s, and no more time than that went by.
    assertThat(cluster.calls.stream().filter("undo 3"::equals).count()).isBetween(8L, 12L);
    assertThat(Duration.ofNanos(nanos.get() - before)).isLessThanOrEqualTo(Duration.ofSeconds(31));
  }
}
