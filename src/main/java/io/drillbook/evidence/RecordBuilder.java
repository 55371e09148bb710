package io.drillbook.evidence;

import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Mutable collector the parser fills field by field before building the immutable record. */
final class RecordBuilder {
  String drillId;
  String drill;
  String method;
  String environment;
  String namespace;
  String deployment;
  Instant startedAt;
  Verdict verdict;
  String reason;
  Duration recovery;
  Duration objective;
  Long fromRevision;
  Long toRevision;
  String fromImage;
  String toImage;
  boolean restored;
  String restoreDetail;
  final List<PhaseResult> phases = new ArrayList<>();
  final List<CheckResult> checks = new ArrayList<>();
  final java.util.Map<String, String> facts = new java.util.LinkedHashMap<>();

  DrillRecord build() {
    return new DrillRecord(
        new DrillRecord.Subject(drillId, drill, method, environment, namespace, deployment, startedAt),
        new DrillRecord.Judgement(verdict, reason, recovery, objective),
        new DrillRecord.Rollback(fromRevision, toRevision, fromImage, toImage),
        new DrillRecord.Restore(restored, restoreDetail),
        new DrillRecord.Trail(phases, checks, facts));
  }
}
