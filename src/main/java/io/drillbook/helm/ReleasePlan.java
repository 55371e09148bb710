package io.drillbook.helm;

import io.drillbook.config.HelmConfig;
import io.drillbook.drill.PreflightException;
import java.util.OptionalLong;

/**
 * The two release revisions a Helm drill moves between, chosen from the history the way {@code helm rollback} would,
 * or refused before anything changes.
 *
 * @param from the deployed revision the drill starts from (and restores)
 * @param to the revision it rolls back to
 */
record ReleasePlan(HelmRevision from, HelmRevision to) {

  /**
   * @param toRevision the configured revision, or empty for Helm's own default (the one before the newest)
   * @throws PreflightException when the release is in the middle of another operation, has one revision, or lacks
   *     the asked revision
   */
  static ReleasePlan of(HelmConfig helm, HelmHistory history, OptionalLong toRevision) throws PreflightException {
    String release = "Helm release " + helm.namespace() + "/" + helm.release();
    HelmRevision latest = history.latest().orElseThrow(() -> new PreflightException(release + " has no revisions"));
    if (latest.pending()) {
      throw new PreflightException(release + " is " + latest.status() + " at revision " + latest.revision()
          + ": another operation (install/upgrade/rollback) is in progress or was cut short; nothing was changed");
    }
    if (!latest.deployed()) {
      throw new PreflightException(release + " revision " + latest.revision() + " is " + latest.status()
          + ", not deployed: a drill must start from a deployed release");
    }
    if (history.revisions().size() < 2) {
      throw new PreflightException(release + " has only one revision; a rollback drill needs at least two");
    }
    HelmRevision to;
    if (toRevision.isPresent()) {
      to = history.revision((int) toRevision.getAsLong()).orElseThrow(() -> new PreflightException(release
          + " has no revision " + toRevision.getAsLong() + " (it keeps " + history.revisions().get(0).revision()
          + "-" + latest.revision() + ")"));
      if (to.revision() == latest.revision()) {
        throw new PreflightException(release + " revision " + to.revision() + " is the deployed one; roll back to "
            + "an older revision");
      }
    } else {
      to = history.previous().orElseThrow();
    }
    return new ReleasePlan(latest, to);
  }
}
