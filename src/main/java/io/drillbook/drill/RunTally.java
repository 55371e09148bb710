package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.TargetConfig;
import java.time.Duration;
import java.time.Instant;

/** The mutable tally of one drill run in the engine, turned into an immutable {@link DrillRecord} at the end. */
final class RunTally {
  final String drillId;
  final Instant startedAt;
  /** The plan the restore follows: the drill's, or its fallback's once it took it. */
  RollbackPlan plan;
  /** The path that changed the target last, through which the restore goes. */
  RollbackPath via;
  /** The drill-in-progress marker on the target, naming {@link #via}. */
  InProgressMarker marker;
  boolean changed;
  Verdict verdict;
  String reason = "";
  Duration recovery;
  final java.util.Map<String, String> facts = new java.util.LinkedHashMap<>();

  RunTally(String drillId, Instant startedAt) {
    this.drillId = drillId;
    this.startedAt = startedAt;
  }

  void via(RollbackPath path, InProgressMarker written) {
    via = path;
    marker = written;
  }

  void verdict(Verdict v, String why) {
    if (verdict == null) {
      verdict = v;
      reason = why;
    }
  }

  DrillRecord untouched(DrillConfig drill, RunRecorder rec, String why) {
    verdict(Verdict.INCONCLUSIVE, why);
    return finish(drill, rec, true, "nothing was changed");
  }

  DrillRecord finish(DrillConfig drill, RunRecorder rec, boolean restored, String restoreDetail) {
    Verdict v = verdict == null ? Verdict.INCONCLUSIVE : verdict;
    TargetConfig t = drill.target();
    DrillRecord.Rollback rollback = plan == null ? DrillRecord.Rollback.UNKNOWN
        : new DrillRecord.Rollback(plan.fromRevision(), plan.toRevision(), plan.fromImage(), plan.toImage());
    return new DrillRecord(DrillRecord.Subject.of(drillId, drill, startedAt),
        new DrillRecord.Judgement(v, reason, recovery, drill.objective()), rollback,
        new DrillRecord.Restore(restored, restoreDetail), new DrillRecord.Trail(rec.phases(), rec.checks(), facts));
  }
}
