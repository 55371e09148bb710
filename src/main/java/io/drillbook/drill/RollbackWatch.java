package io.drillbook.drill;

import static io.drillbook.drill.DrillEngine.seconds;

import io.drillbook.config.DrillConfig;
import io.drillbook.drill.HealthProbe.HealthResult;
import io.drillbook.drill.RolloutOutcome.State;
import java.util.OptionalLong;

/**
 * The rollback phases of a drill: trigger the rollback, watch the rollout to the planned image, then probe health
 * until the target answers.
 */
final class RollbackWatch {
  private final Cluster cluster;
  private final HealthProbe health;

  RollbackWatch(Cluster cluster, HealthProbe health) {
    this.cluster = cluster;
    this.health = health;
  }

  /**
   * Rolls the target back and watches it recover.
   *
   * @return when ({@link io.drillbook.time.Timing#nanos()}) the target was seen recovered: rolled out, and healthy
   *     if the drill checks health; empty when the drill already has its verdict
   */
  OptionalLong rollBackAndWatch(DrillConfig drill, RollbackPath path, RollbackPlan plan, Abort abort,
      RunRecorder rec, RunTally out, StopMonitor stops) throws InfrastructureException, InterruptedException {
    // Counted as changed before the call: a trigger whose answer is lost may still have taken effect.
    out.changed = true;
    RollbackPath.Trigger trigger = path.rollBack(drill, plan, out.drillId, rec, abort);
    out.facts.putAll(trigger.facts());
    switch (trigger.result()) {
      case SKIPPED -> {
        out.changed = false;
        out.verdict(Verdict.INCONCLUSIVE, "nothing was exercised: " + trigger.message());
        return OptionalLong.empty();
      }
      case FAILED -> {
        rec.check("rollback-triggered", false, trigger.message());
        out.verdict(Verdict.FAIL, trigger.message());
        return OptionalLong.empty();
      }
      case ABORTED -> {
        out.verdict(Verdict.ABORTED, trigger.message());
        return OptionalLong.empty();
      }
      case DONE -> { }
    }
    OptionalLong rolledOut = watchRollout(drill, plan, abort, rec, out, stops);
    if (rolledOut.isEmpty() || drill.health() == null) {
      return rolledOut;
    }
    return awaitHealth(drill, abort, rec, out);
  }

  private OptionalLong watchRollout(DrillConfig drill, RollbackPlan plan, Abort abort, RunRecorder rec, RunTally out,
      StopMonitor stops) throws InfrastructureException, InterruptedException {
    rec.begin("rollout", "watching until rolled out (timeout " + seconds(drill.timeouts().rollout()) + ")");
    RolloutOutcome rollout;
    stops.rolloutStarted();
    try {
      rollout = cluster.awaitRollout(drill.target(), drill.timeouts().rollout(), abort);
    } finally {
      stops.rolloutEnded();
    }
    if (rollout.state() == State.ABORTED) {
      rec.fail(rollout.message());
      out.verdict(Verdict.ABORTED, rollout.message());
      return OptionalLong.empty();
    }
    if (rollout.state() != State.COMPLETE) {
      rec.fail(rollout.message());
      rec.check("rollout-complete", false, rollout.message());
      out.verdict(Verdict.FAIL, "rollout to revision " + plan.toRevision() + " did not complete: " + rollout.message());
      return OptionalLong.empty();
    }
    rec.succeedAt(rollout.detectedAtNanos(), rollout.message() + " at revision " + rollout.revision());
    rec.check("rollout-complete", true, rollout.message());
    boolean rightImage = rollout.image().equals(plan.toImage());
    rec.check("rolled-back-image", rightImage, "expected " + plan.toImage() + ", running " + rollout.image());
    if (!rightImage) {
      out.verdict(Verdict.FAIL, "rolled out, but to " + rollout.image() + " instead of " + plan.toImage());
      return OptionalLong.empty();
    }
    return OptionalLong.of(rollout.detectedAtNanos());
  }

  private OptionalLong awaitHealth(DrillConfig drill, Abort abort, RunRecorder rec, RunTally out)
      throws InterruptedException {
    String url = drill.health().url().toString();
    int expect = drill.health().expectStatus();
    rec.begin("health", "GET " + url + " until " + expect + " (timeout " + seconds(drill.timeouts().health()) + ")");
    HealthResult h = health.await(drill.health().url(), expect, drill.timeouts().health(), abort);
    String seen = h.lastStatus() > 0 ? "last answer " + h.lastStatus() : "no answer"
        + (h.lastError() == null ? "" : " (" + h.lastError() + ")");
    if (!h.ok()) {
      rec.fail(seen + " after " + h.attempts() + " attempts");
      if (abort.fired()) {
        out.verdict(Verdict.ABORTED, "aborted during the health check: " + abort.reason());
        return OptionalLong.empty();
      }
      rec.check("health", false, "expected " + expect + " from " + url + ", " + seen);
      out.verdict(Verdict.FAIL, "health check did not answer " + expect + " within "
          + seconds(drill.timeouts().health()) + ": " + seen);
      return OptionalLong.empty();
    }
    rec.succeedAt(h.detectedAtNanos(), "answered " + h.lastStatus() + " after " + h.attempts() + " attempts");
    rec.check("health", true, "GET " + url + " answered " + h.lastStatus());
    return OptionalLong.of(h.detectedAtNanos());
  }
}
