package io.drillbook.evidence;

import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Realistic drill records against the maestro staging deployment. */
final class Fixtures {

  static final String DRILL = "maestro-staging-rollback";
  static final Instant STARTED = Instant.parse("2026-11-29T02:50:01.123Z");

  private Fixtures() {}

  static DrillRecord passing() {
    return passing(STARTED);
  }

  static DrillRecord passing(Instant started) {
    return new DrillRecord(new DrillRecord.Subject(DRILL + "-" + started.toString().replaceAll("[-:.]", "") + "-3f9a", DRILL, "kubernetes", "staging", "intelgraph-staging", "maestro-orchestrator", started), new DrillRecord.Judgement(Verdict.PASS, "Rolled back to revision 2 and healthy in 12.345 s, within the 300 s objective.", Duration.ofMillis(12_345), Duration.ofSeconds(300)), new DrillRecord.Rollback(3L, 2L, "registry.example.com/maestro/orchestrator:1.4.2", "registry.example.com/maestro/orchestrator:1.4.1"), new DrillRecord.Restore(true, "Re-applied the revision 3 template; 3/3 replicas ready on orchestrator:1.4.2."), new DrillRecord.Trail(List.of(
            new PhaseResult("preflight", started, Duration.ofMillis(42), true,
                "Deployment maestro-orchestrator has 3/3 ready replicas and revision history back to 1."),
            new PhaseResult("rollback", started.plusMillis(42), Duration.ofMillis(310), true,
                "Patched pod template to revision 2 (orchestrator:1.4.1)."),
            new PhaseResult("rollout", started.plusMillis(352), Duration.ofMillis(9_870), true,
                "3/3 updated replicas available."),
            new PhaseResult("health", started.plusMillis(10_222), Duration.ofMillis(2_165), true,
                "GET /healthz answered 200 three times in a row."),
            new PhaseResult("restore", started.plusMillis(12_387), Duration.ofMillis(11_003), true,
                "Restored revision 3 template; rollout complete.")), List.of(
            new CheckResult("rollout-complete", true, "expected 3 updated available replicas, saw 3"),
            new CheckResult("health", true, "expected HTTP 200 from /healthz, got 200"),
            new CheckResult("recovery-within-objective", true, "12.345 s <= 300.000 s"),
            new CheckResult("restored", true, "template hash matches the pre-drill template")), Map.of()));
  }

  /** A failed drill with every optional value unknown and no checks. */
  static DrillRecord inconclusiveWithUnknowns(Instant started) {
    return new DrillRecord(new DrillRecord.Subject(DRILL + "-" + started.toEpochMilli() + "-0000", DRILL, "kubernetes", "staging", "intelgraph-staging", "maestro-orchestrator", started), new DrillRecord.Judgement(Verdict.INCONCLUSIVE, "Preflight refused: only one revision in history, nothing to roll back to.", null, Duration.ofMinutes(5)), new DrillRecord.Rollback(null, null, null, null), new DrillRecord.Restore(true, ""), new DrillRecord.Trail(List.of(new PhaseResult("preflight", started, Duration.ZERO, false, "revisionHistory has 1 entry")), List.of(), Map.of()));
  }
}
