package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.TargetConfig;
import java.time.Instant;

/**
 * How the engine marks a drill in progress on its target: written after preflight and before anything changes,
 * removed once staging is back (or when {@code restore: false} leaves it rolled back on purpose). When the restore
 * fails the marker stays, due at once, so {@code drillbook recover} restores staging as soon as this process has
 * let go of the target's lock.
 */
public final class DrillMarking {
  /** No marking (engine tests of other behaviour). */
  public static final DrillMarking NONE = new DrillMarking(MarkerStore.NONE, "unmarked");

  private final MarkerStore store;
  private final String holderPrefix;

  /**
   * @param holderPrefix who we are, e.g. {@code host/pid-N}: the same prefix the target Lease is held under, so a
   *     marker's holder is exactly the Lease's holder identity ({@code prefix/<drill id>})
   */
  public DrillMarking(MarkerStore store, String holderPrefix) {
    this.store = store;
    this.holderPrefix = holderPrefix;
  }

  /**
   * Writes the marker for a drill about to roll back as {@code plan} says.
   *
   * @throws PreflightException when the Deployment already carries a marker: an earlier drill did not finish, and
   *     drilling from where it left staging would take the rolled-back release for the original
   * @throws ClusterException when the marker cannot be read or written; nothing was changed
   */
  InProgressMarker begin(DrillConfig drill, String drillId, RollbackPlan plan, Instant startedAt)
      throws PreflightException, ClusterException {
    TargetConfig target = drill.target();
    String existing = store.read(target);
    if (existing != null) {
      throw new PreflightException("deployment " + target.qualifiedName() + " carries the drill-in-progress marker "
          + "of an unfinished drill (" + summary(existing) + "); staging may still be rolled back: run "
          + "'drillbook recover' once that drill's deadline has passed");
    }
    InProgressMarker marker = InProgressMarker.of(drill, drillId, plan, startedAt, holderPrefix + "/" + drillId);
    try {
      store.write(target, marker.toJson());
    } catch (ClusterException e) {
      // The write may have landed even though its answer was lost; nothing was changed, so take it back.
      try {
        store.remove(target, marker.toJson());
      } catch (ClusterException ignored) {
        // recover clears it later: the Deployment is still on the original image
      }
      throw e;
    }
    return marker;
  }

  /**
   * Before a drill's fallback path changes the target: the marker then names that path and its plan (in its
   * revisions), so a crash from here on is restored through the path that changed the target.
   *
   * @throws ClusterException when the marker cannot be rewritten; the fallback must not run then
   */
  InProgressMarker switchTo(DrillConfig drill, InProgressMarker marker, RollbackMethod path, RollbackPlan plan)
      throws ClusterException {
    InProgressMarker next = marker.changedBy(path.configName(), plan);
    store.write(drill.target(), next.toJson());
    return next;
  }

  /** After the restore: removes the marker, or hands a staging left rolled back by accident to recovery. */
  DrillRecord end(DrillConfig drill, InProgressMarker marker, DrillRecord record, Instant now) {
    TargetConfig target = drill.target();
    try {
      if (record.restored() || !drill.restore()) {
        if (!store.remove(target, marker.toJson())) {
          return record.withFact("markerError", "the drill-in-progress marker was gone or replaced before the end");
        }
        return record;
      }
      store.write(target, marker.dueAt(now).toJson());
      return record.withFact("marker", "left on the Deployment, due now: 'drillbook recover' restores staging");
    } catch (ClusterException e) {
      return record.withFact("markerError", "could not update the drill-in-progress marker (annotation "
          + InProgressMarker.ANNOTATION + "): " + e.getMessage());
    }
  }

  /**
   * After a drill that could not put a paused reconciler back: the marker stays, due at once, so
   * {@code drillbook recover} resumes it (and restores staging if that failed too).
   */
  DrillRecord keep(DrillConfig drill, InProgressMarker marker, DrillRecord record, Instant now) {
    try {
      store.write(drill.target(), marker.dueAt(now).toJson());
      return record.withFact("marker", "left on the Deployment, due now: 'drillbook recover' resumes what the drill "
          + "paused");
    } catch (ClusterException e) {
      return record.withFact("markerError", "could not update the drill-in-progress marker (annotation "
          + InProgressMarker.ANNOTATION + "): " + e.getMessage());
    }
  }

  private static String summary(String raw) {
    try {
      InProgressMarker m = InProgressMarker.parse(raw);
      return "drill " + m.drillId() + " held by " + m.holder() + ", deadline " + m.deadline();
    } catch (IllegalArgumentException e) {
      return "unreadable: " + e.getMessage();
    }
  }
}
