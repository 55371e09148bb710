package io.drillbook.cli;

import io.drillbook.drill.Verdict;

/** The one exit-code table (documented in README.md). */
final class ExitCodes {
  /** The drill passed (or the command did what was asked). */
  static final int OK = 0;
  /** The drill failed: verdict FAIL. */
  static final int FAILED = 1;
  /** Bad usage, config or input. */
  static final int BAD_INPUT = 2;
  /** The drill could not be judged: INCONCLUSIVE, ABORTED, SKIPPED, MISSED or FROZEN, or infrastructure trouble. */
  static final int NOT_JUDGED = 3;

  private ExitCodes() {}

  static int of(Verdict verdict) {
    return switch (verdict) {
      case PASS -> OK;
      case FAIL -> FAILED;
      case INCONCLUSIVE, ABORTED, SKIPPED, MISSED, FROZEN -> NOT_JUDGED;
    };
  }
}
