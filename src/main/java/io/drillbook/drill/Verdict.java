package io.drillbook.drill;

/** How a drill ended. Each verdict maps to one process exit code in the CLI's exit-code table. */
public enum Verdict {
  /** Every phase succeeded and recovery stayed within the objective. */
  PASS,
  /** The rollback path did not work, or took longer than the objective. */
  FAIL,
  /** The drill could not be judged: preflight refused, nothing exercised, or infrastructure broke. */
  INCONCLUSIVE,
  /** The drill was stopped before it could be judged (interrupt, shutdown, crash recovery). */
  ABORTED,
  /** The drill did not run because another run holds the target's lock; recorded so the gap is visible. */
  SKIPPED,
  /** A scheduled fire did not happen (the scheduler was down, or the misfire policy skipped it). */
  MISSED,
  /**
   * The drill did not run because it fell in one of its freeze windows; nothing was touched. Not a gap the
   * compliance report holds against the cadence, unlike MISSED.
   */
  FROZEN
}
