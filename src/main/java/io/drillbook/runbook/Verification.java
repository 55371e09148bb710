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
 * @param trafficLine 1-based line of a {@code kubectl top pod} check ("shows steady utilization"), 0 when none
 */
public record Verification(
    String healthUrl,
    Integer expectStatus,
    Long sustainSeconds,
    Long logWindowSeconds,
    int healthLine,
    int expectStatusLine,
    int sustainLine,
    int logWindowLine,
    int trafficLine) {

  public Verification(String healthUrl, Integer expectStatus, Long sustainSeconds, Long logWindowSeconds,
      int healthLine, int expectStatusLine, int sustainLine, int logWindowLine) {
    this(healthUrl, expectStatus, sustainSeconds, logWindowSeconds, healthLine, expectStatusLine, sustainLine,
        logWindowLine, 0);
  }

  /** Whether the runbook asks for steady utilization ({@code kubectl top pod}) after the rollback. */
  public boolean checksTraffic() {
    return trafficLine > 0;
  }


  /** A verification with nothing found. */
  public static final Verification NONE = new Verification(null, null, null, null, 0, 0, 0, 0);
}
