package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import java.time.Instant;
import java.util.Map;

/**
 * Tells the systems people watch that a drill is running on purpose: an Alertmanager silence so its alerts do not
 * page anyone, a region on the runbook's dashboards. Announcing never changes a verdict and never throws: what went
 * wrong is a fact in the entry.
 */
public interface DrillAnnouncer {

  /** Announces {@code drill} just before its rollback; the returned handle is ended exactly once. */
  Announced begin(DrillConfig drill, String drillId, Instant startedAt);

  /** One drill's announcement. */
  interface Announced {
    /** Ends the announcement once the restore is over, with the drill's record; returns the facts to record. */
    Map<String, String> end(DrillRecord record);
  }

  /** Announces nothing. */
  DrillAnnouncer NONE = (drill, drillId, startedAt) -> record -> Map.of();
}
