package io.drillbook.drill;

/** Tells humans about failed drills (a follow-up issue) and records how, as facts on the record. */
public interface FollowUpTracker {

  /**
   * Opens, comments on or closes the drill's follow-up as its verdict requires.
   *
   * @param evidenceLink where the drill's evidence entry will be, for the issue text
   * @return the record, with {@code followUpIssue} and {@code followUpAction} facts when something was done
   */
  DrillRecord track(DrillRecord record, String evidenceLink) throws InfrastructureException;

  /** Does nothing (follow-ups not configured). */
  FollowUpTracker NONE = (record, link) -> record;
}
