package io.drillbook.schedule;

/** What to do with a fire the scheduler could not make in time (typically because it was down). */
public enum MisfirePolicy {
  /** Run the drill once as soon as possible, however many fires were missed, then follow the schedule. */
  RUN_ONCE,
  /** Do not run for the missed fires; wait for the next scheduled one. */
  SKIP
}
