package io.drillbook.drill;

import static io.drillbook.drill.DrillEngine.seconds;

import io.drillbook.config.DrillConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Judges a recovered target: the runbook's verification (when the drill names a runbook), then the recovery time
 * against the drill's objective.
 */
final class RecoveryJudge {
  private final Verifier verifier;

  RecoveryJudge(Verifier verifier) {
    this.verifier = verifier;
  }

  /**
   * Gives {@code out} its verdict and recovery time.
   *
   * @param recovery from the rollback's start until the target was seen recovered (rolled out, and healthy)
   * @param rollbackStartedAt when the rollback started, by the clock the verifier's windows use
   */
  void judge(DrillConfig drill, Duration recovery, Instant rollbackStartedAt, Abort abort, RunRecorder rec,
      RunTally out) throws InfrastructureException, InterruptedException {
    if (drill.verification() != null) {
      rec.begin("verify", "runbook thresholds must hold for the sustain window; then the logs");
      Verifier.Verification v = verifier.verify(drill, out.drillId, abort);
      v.checks().forEach(c -> rec.check(c.name(), c.ok(), c.detail()));
      out.facts.putAll(v.facts());
      switch (v.result()) {
        case HELD -> rec.succeed("held: " + v.reason());
        case BREACHED -> {
          rec.fail(v.reason());
          out.verdict(Verdict.FAIL, v.reason());
          return;
        }
        case INCONCLUSIVE -> {
          rec.fail(v.reason());
          out.verdict(Verdict.INCONCLUSIVE, "verification could not be judged: " + v.reason());
          return;
        }
        case ABORTED -> {
          rec.fail(v.reason());
          out.verdict(Verdict.ABORTED, v.reason());
          return;
        }
      }
      if (v.recoveredAt() != null && v.recoveredAt().isAfter(rollbackStartedAt)) {
        // The runbook's "below thresholds for N minutes" counts from the start of the window that held.
        recovery = Duration.between(rollbackStartedAt, v.recoveredAt()).truncatedTo(ChronoUnit.MILLIS);
      }
    }
    out.recovery = recovery;
    boolean within = recovery.compareTo(drill.objective()) <= 0;
    rec.check("recovery-objective", within,
        seconds(recovery) + (within ? " <= " : " > ") + "objective " + seconds(drill.objective()));
    out.verdict(within ? Verdict.PASS : Verdict.FAIL, within
        ? "recovered in " + seconds(recovery) + ", within the objective of " + seconds(drill.objective())
        : "recovery took " + seconds(recovery) + ", over the objective of " + seconds(drill.objective()));
  }
}
