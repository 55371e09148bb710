package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import io.drillbook.drill.RolloutOutcome.State;
import io.drillbook.time.Timing;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one restore: rolls the target forward to the plan's original release through the drill's own rollback path,
 * waits for the rollout and checks the image, retrying while the cluster (or GitHub) cannot be reached, and writing
 * only while the target's lock is held. The engine restores with it after every drill, and crash recovery restores a
 * dead drill with it, so recovery is never a weaker copy.
 */
final class Restoration {
  private final Cluster cluster;
  private final Timing timing;

  Restoration(Cluster cluster, Timing timing) {
    this.cluster = cluster;
    this.timing = timing;
  }

  /**
   * @param restored whether the target runs the plan's original image again, rolled out
   * @param detail one sentence for the restore phase and the entry
   * @param interrupted whether the thread was interrupted meanwhile (the flag is cleared; the caller sets it again)
   */
  record Result(boolean restored, String detail, Map<String, String> facts, boolean interrupted) {}

  /**
   * Restores {@code plan.fromImage()}. Clears the interrupt flag while it runs: staging must be rolled forward even
   * when the drill was interrupted.
   */
  Result restore(DrillConfig drill, RollbackPath path, RollbackPlan plan, String drillId, TargetLock.Held lease) {
    boolean interrupted = Thread.interrupted();
    Map<String, String> facts = new LinkedHashMap<>();
    boolean restored = false;
    String detail;
    // While the cluster (or GitHub) cannot be reached, each step is retried until timeouts.restore has passed.
    RestoreRetry retry = new RestoreRetry(timing, drill.timeouts().restore());
    try {
      RollbackPath.Trigger trigger = retry.call(left -> {
        requireHeld(lease, left);
        return path.restore(drill, plan, drillId);
      });
      facts.putAll(trigger.facts());
      if (trigger.result() == RollbackPath.Trigger.Result.FAILED) {
        detail = "restore trigger failed: " + trigger.message();
      } else {
        Duration rolloutTimeout = drill.timeouts().rollout();
        RolloutOutcome rollout = retry.call(left -> cluster.awaitRollout(drill.target(),
            left.compareTo(rolloutTimeout) < 0 ? left : rolloutTimeout, new Abort()));
        restored = rollout.state() == State.COMPLETE && rollout.image().equals(plan.fromImage());
        detail = restored
            ? "back on " + plan.fromImage() + " (revision " + plan.fromRevision() + " is now revision "
                + rollout.revision() + "), rolled out"
            : "restore did not complete: " + rollout.message() + " (running " + rollout.image() + ")";
        if (trigger.result() == RollbackPath.Trigger.Result.SKIPPED && restored) {
          detail = "already back on " + plan.fromImage();
        }
      }
      if (retry.lastFailure() != null) {
        detail += " after " + retry.retries() + (retry.retries() == 1 ? " retry" : " retries") + " ("
            + retry.lastFailure().getMessage() + ")";
      }
    } catch (InfrastructureException e) {
      detail = "restore failed: " + e.getMessage() + (retry.gaveUpOnLastingRefusal()
          ? " (a lasting refusal, " + RestoreRetry.LASTING_CONFIRMATIONS + " times in a row: not retried further)"
          : retry.attempts() > 1 ? " (still failing after " + retry.attempts() + " attempts within timeouts.restore "
              + DrillEngine.seconds(drill.timeouts().restore()) + ")" : "");
    } catch (InterruptedException e) {
      interrupted = true;
      detail = "restore interrupted";
    } catch (RuntimeException e) {
      detail = "restore failed: " + e;
    }
    return new Result(restored, detail, facts, interrupted);
  }

  /**
   * Waits (within the restore's time) until the target's lock is ours again. Losing it to another holder is a
   * lasting refusal: that holder (a recovery) restores staging, and two writers must never race.
   */
  private static void requireHeld(TargetLock.Held lease, Duration left) throws ClusterException, InterruptedException {
    if (lease.awaitHeld(left)) {
      return;
    }
    if (lease.lost()) {
      throw new ClusterException("another process took the target's lock (Lease) over and restores staging; this "
          + "drill no longer changes the target", null, true);
    }
    throw new ClusterException("not holding the target's lock (Lease): no renewal landed within its renew deadline, "
        + "so this drill does not change the target until it holds it again");
  }
}
