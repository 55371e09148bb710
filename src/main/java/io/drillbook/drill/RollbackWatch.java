package io.drillbook.drill;

import static io.drillbook.drill.DrillEngine.seconds;

import io.drillbook.config.DrillConfig;
import io.drillbook.drill.HealthProbe.HealthResult;
import io.drillbook.drill.RolloutOutcome.State;
import io.drillbook.time.Timing;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The rollback phases of a drill: trigger the rollback, watch the rollout to the planned image, then probe health
 * until the target answers.
 */
final class RollbackWatch {
  private final Cluster cluster;
  private final HealthProbe health;
  private final Timing timing;

  RollbackWatch(Cluster cluster, HealthProbe health, Timing timing) {
    this.cluster = cluster;
    this.health = health;
    this.timing = timing;
  }

  /**
   * How one path's attempt ended.
   *
   * @param recoveredAt when ({@link Timing#nanos()}) the target was seen recovered: rolled out, and healthy if the
   *     drill checks health; empty otherwise
   * @param leftBecause why the path gave up in a way its fallback answers (the drill has no verdict yet), or null
   */
  record Watched(OptionalLong recoveredAt, String leftBecause) {
    static final Watched ENDED = new Watched(OptionalLong.empty(), null);

    static Watched recovered(long atNanos) {
      return new Watched(OptionalLong.of(atNanos), null);
    }

    static Watched left(String why) {
      return new Watched(OptionalLong.empty(), why);
    }

    boolean left() {
      return leftBecause != null;
    }
  }

  /**
   * How a path may give up to a fallback.
   *
   * @param onTrigger the trigger's {@link RollbackPath.Trigger.Result#FALL_BACK} hands over (github-actions)
   * @param onUnhealthy a rollout or health check that does not succeed in time hands over (restart)
   * @param within how long the path has to roll out and answer healthy, or null for the drill's own timeouts
   */
  record Leaving(boolean onTrigger, boolean onUnhealthy, Duration within) {
    static final Leaving NEVER = new Leaving(false, false, null);
  }

  /** Rolls the target back and watches it recover; the drill's verdict is in {@code out} unless the path left. */
  Watched rollBackAndWatch(DrillConfig drill, RollbackPath path, RollbackPlan plan, Abort abort,
      RunRecorder rec, RunTally out, StopMonitor stops, Leaving leaving)
      throws InfrastructureException, InterruptedException {
    long start = timing.nanos();
    // Counted as changed before the call: a trigger whose answer is lost may still have taken effect.
    out.changed = true;
    RollbackPath.Trigger trigger = path.rollBack(drill, plan, out.drillId, rec, abort);
    out.facts.putAll(trigger.facts());
    if (trigger.result() == RollbackPath.Trigger.Result.FALL_BACK && leaving.onTrigger()) {
      return Watched.left(trigger.message());
    }
    switch (trigger.result()) {
      case SKIPPED -> {
        out.changed = false;
        out.verdict(Verdict.INCONCLUSIVE, "nothing was exercised: " + trigger.message());
        return Watched.ENDED;
      }
      case FAILED, FALL_BACK -> {
        rec.check("rollback-triggered", false, trigger.message());
        out.verdict(Verdict.FAIL, trigger.message());
        return Watched.ENDED;
      }
      case ABORTED -> {
        out.verdict(Verdict.ABORTED, trigger.message());
        return Watched.ENDED;
      }
      case DONE -> { }
    }
    Duration rolloutTimeout = min(drill.timeouts().rollout(), leaving.within());
    Watched rolledOut = watchRollout(drill, plan, abort, rec, out, stops, rolloutTimeout, leaving.onUnhealthy());
    if (rolledOut.recoveredAt().isEmpty() || drill.health() == null) {
      return rolledOut;
    }
    Duration healthTimeout = drill.timeouts().health();
    if (leaving.within() != null) {
      Duration left = leaving.within().minusNanos(timing.nanos() - start);
      healthTimeout = min(healthTimeout, left.isNegative() ? Duration.ZERO : left);
    }
    return awaitHealth(drill, abort, rec, out, healthTimeout, leaving.onUnhealthy());
  }

  private static Duration min(Duration a, Duration b) {
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }

  private Watched watchRollout(DrillConfig drill, RollbackPlan plan, Abort abort, RunRecorder rec, RunTally out,
      StopMonitor stops, Duration timeout, boolean mayLeave) throws InfrastructureException, InterruptedException {
    rec.begin("rollout", "watching until rolled out (timeout " + seconds(timeout) + ")");
    RolloutOutcome rollout;
    stops.rolloutStarted();
    try {
      rollout = cluster.awaitRollout(drill.target(), timeout, abort);
    } finally {
      stops.rolloutEnded();
    }
    if (rollout.state() == State.ABORTED) {
      rec.fail(rollout.message());
      out.verdict(Verdict.ABORTED, rollout.message());
      return Watched.ENDED;
    }
    if (rollout.state() != State.COMPLETE) {
      rec.fail(rollout.message());
      rec.check("rollout-complete", false, rollout.message());
      if (mayLeave) {
        return Watched.left("did not roll out within " + seconds(timeout) + ": " + rollout.message());
      }
      out.verdict(Verdict.FAIL, "rollout to revision " + plan.toRevision() + " did not complete: " + rollout.message());
      return Watched.ENDED;
    }
    rec.succeedAt(rollout.detectedAtNanos(), rollout.message() + " at revision " + rollout.revision());
    rec.check("rollout-complete", true, rollout.message());
    boolean rightImage = rollout.image().equals(plan.toImage());
    rec.check("rolled-back-image", rightImage, "expected " + plan.toImage() + ", running " + rollout.image());
    if (!rightImage) {
      out.verdict(Verdict.FAIL, "rolled out, but to " + rollout.image() + " instead of " + plan.toImage());
      return Watched.ENDED;
    }
    return Watched.recovered(rollout.detectedAtNanos());
  }

  private Watched awaitHealth(DrillConfig drill, Abort abort, RunRecorder rec, RunTally out, Duration timeout,
      boolean mayLeave) throws InterruptedException {
    String url = drill.health().url().toString();
    int expect = drill.health().expectStatus();
    rec.begin("health", "GET " + url + " until " + expect + " (timeout " + seconds(timeout) + ")");
    HealthResult h = health.await(drill.health().url(), expect, timeout, abort);
    String seen = h.lastStatus() > 0 ? "last answer " + h.lastStatus() : "no answer"
        + (h.lastError() == null ? "" : " (" + h.lastError() + ")");
    if (!h.ok()) {
      rec.fail(seen + " after " + h.attempts() + " attempts");
      if (abort.fired()) {
        out.verdict(Verdict.ABORTED, "aborted during the health check: " + abort.reason());
        return Watched.ENDED;
      }
      rec.check("health", false, "expected " + expect + " from " + url + ", " + seen);
      if (mayLeave) {
        return Watched.left("health check did not answer " + expect + " within " + seconds(timeout) + ": " + seen);
      }
      out.verdict(Verdict.FAIL, "health check did not answer " + expect + " within " + seconds(timeout) + ": "
          + seen);
      return Watched.ENDED;
    }
    rec.succeedAt(h.detectedAtNanos(), "answered " + h.lastStatus() + " after " + h.attempts() + " attempts");
    rec.check("health", true, "GET " + url + " answered " + h.lastStatus());
    return Watched.recovered(h.detectedAtNanos());
  }
}
