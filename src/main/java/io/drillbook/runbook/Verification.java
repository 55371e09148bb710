package io.drillbook.runbook;

/**
 * What the runbook's verification section asks for after a rollback. Missing parts are null, their lines 0.
 *
 * @param healthUrl the URL of the {@code curl} health check
 * @param expectStatus the HTTP status the health check must return
 * @param sustainSeconds how long metrics must stay below thresholds ("for 10 minutes")
 * @param logWindowSeconds how far back logs must be free of stack traces ("in the last 5 minutes")
 * @param healthLine 1-based line of the health check
 * @param expectStatusLine 1-based line stating the expected status
 * @param sustainLine 1-based line stating the sustain period
 * @param logWindowLine 1-based line stating the log window
 */
public record Verification(
    String healthUrl,
    Integer expectStatus,
    Long sustainSeconds,
    Long logWindowSeconds,
    int healthLine,
    int expectStatusLine,
    int sustainLine,
    int logWindowLine) {

  /** A verification with nothing found. */
  public static final Verification NONE = new Verification(null, null, null, null, 0, 0, 0, 0);
}
