package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Verifies recovery the way the runbook defines it (thresholds held for a sustain window, no repeating traces in
 * the logs), after the rollout and health check.
 */
public interface Verifier {

  /**
   * Preflight: everything verification needs is there (runbook readable, every threshold evaluable, Prometheus
   * reachable). Touches nothing.
   *
   * @return facts to record (runbook path and SHA-256, window used, overrides)
   */
  Map<String, String> prepare(DrillConfig drill, String drillId) throws PreflightException, InfrastructureException;

  /** Waits for the runbook's thresholds to hold for the sustain window, then checks the logs. */
  Verification verify(DrillConfig drill, String drillId, Abort abort)
      throws InfrastructureException, InterruptedException;

  /**
   * @param result how verification ended
   * @param reason one sentence when it did not hold
   * @param recoveredAt the start of the window that held (recovery ends there), or null
   * @param checks one per threshold (observed values against the limit) and one for the logs
   * @param facts named values for the evidence
   */
  record Verification(Result result, String reason, Instant recoveredAt, List<CheckResult> checks,
      Map<String, String> facts) {
    public Verification {
      checks = List.copyOf(checks);
      facts = Map.copyOf(facts);
    }

    /** The ways verification ends. */
    public enum Result {
      HELD,
      BREACHED,
      INCONCLUSIVE,
      ABORTED
    }
  }

  /** For drills without a runbook: nothing to prepare, nothing to verify. */
  Verifier NONE = new Verifier() {
    @Override
    public Map<String, String> prepare(DrillConfig drill, String drillId) {
      return Map.of();
    }

    @Override
    public Verification verify(DrillConfig drill, String drillId, Abort abort) {
      return new Verification(Verification.Result.HELD, "", null, List.of(), Map.of());
    }
  };
}
