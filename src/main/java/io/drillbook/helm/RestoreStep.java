package io.drillbook.helm;

import io.drillbook.drill.RollbackPlan;

/**
 * What restoring a Helm drill's release needs, judged from its history and the drill's plan (the marker's, after a
 * crash): nothing, a {@code helm rollback} to the original revision, or nothing drillbook may do.
 *
 * @param action what to do
 * @param reason one sentence for the entry
 */
record RestoreStep(Action action, String reason) {
  enum Action { ALREADY_RESTORED, ROLL_BACK, LEAVE_ALONE }

  static RestoreStep of(HelmHistory history, RollbackPlan plan) {
    HelmRevision latest = history.latest().orElseThrow();
    long from = plan.fromRevision();
    if (latest.deployed() && latest.revision() == from) {
      // The drill's rollback never wrote a revision (helm refused, or failed before it): nothing to undo.
      return new RestoreStep(Action.ALREADY_RESTORED, "revision " + from + " is still the deployed one");
    }
    if (latest.deployed() && latest.revision() > from && latest.rollbackOf() == from) {
      // A restore that already ran (its rollout then stalled) wrote this revision: rolling back again adds noise.
      return new RestoreStep(Action.ALREADY_RESTORED, "revision " + latest.revision() + " already restores revision "
          + from);
    }
    if (!latest.pending()) {
      return new RestoreStep(Action.ROLL_BACK, "rolling back to revision " + from);
    }
    boolean ours = latest.revision() > from && latest.status().equals("pending-rollback")
        && (latest.rollbackOf() == plan.toRevision() || latest.rollbackOf() == from);
    if (!ours) {
      return new RestoreStep(Action.LEAVE_ALONE, "revision " + latest.revision() + " is " + latest.status()
          + " (\"" + latest.description() + "\"), which this drill did not start (it started from revision " + from
          + " and rolled back to " + plan.toRevision() + "): another operation owns the release; left alone");
    }
    // Helm's lock is only the newest revision being pending, and rollback does not check it: rolling back to the
    // original both clears this drill's cut-short rollback and re-applies the original's objects.
    return new RestoreStep(Action.ROLL_BACK, "revision " + latest.revision() + " is this drill's rollback, cut short ("
        + latest.status() + "); rolling back to revision " + from + " clears it");
  }
}
