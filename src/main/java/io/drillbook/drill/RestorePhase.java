package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.TargetConfig;

/**
 * The restore phase of a drill: restores what the drill changed through {@link Restoration}, records it, and folds a
 * failed or taken-over restore into the verdict.
 */
final class RestorePhase {
  private final Restoration restoration;

  RestorePhase(Restoration restoration) {
    this.restoration = restoration;
  }

  /** Restores if the drill changed anything, and turns {@code out} into the drill's record. */
  DrillRecord restore(DrillConfig drill, RollbackPath path, RollbackPlan plan, RunRecorder rec, RunTally out,
      TargetLock.Held lease) {
    if (!out.changed) {
      return out.finish(drill, rec, true, "nothing was changed");
    }
    if (!drill.restore()) {
      String detail = "restore disabled (restore: false); left on revision " + plan.toRevision();
      return out.finish(drill, rec, false, detail);
    }
    TargetConfig target = drill.target();
    rec.begin("restore", "rolling forward to revision " + plan.fromRevision() + " (" + plan.fromImage() + ")");
    Restoration.Result result = restoration.restore(drill, path, plan, out.drillId, lease);
    out.facts.putAll(result.facts());
    boolean restored = result.restored();
    String detail = result.detail();
    boolean wasInterrupted = result.interrupted();
    if (restored) {
      rec.succeed(detail);
    } else {
      rec.fail(detail);
    }
    rec.check("restored", restored, detail);
    if (wasInterrupted) {
      Thread.currentThread().interrupt();
    }
    if (!restored && lease.lost()) {
      String left = "not restored by this drill: another process (crash recovery) took the target's lock over and "
          + "restores staging; this drill made no further change";
      if (out.verdict == null || out.verdict == Verdict.PASS) {
        out.verdict = Verdict.ABORTED;
        out.reason = left;
      } else {
        out.reason = out.reason + "; " + left;
      }
      return out.finish(drill, rec, false, detail);
    }
    if (!restored) {
      String left = "STAGING NOT RESTORED: " + detail + "; roll forward by hand with 'kubectl -n "
          + target.namespace() + " rollout undo deployment/" + target.deployment() + " --to-revision="
          + plan.fromRevision() + "'";
      if (out.verdict == Verdict.PASS) {
        out.verdict = Verdict.FAIL;
        out.reason = left;
      } else {
        out.reason = out.reason + "; " + left;
      }
    }
    return out.finish(drill, rec, restored, detail);
  }
}
