package io.drillbook.drill;

/**
 * How waiting for a rollout ended.
 *
 * @param state the ending
 * @param message kubectl-style status line, e.g. {@code deployment "x" successfully rolled out}
 * @param revision the Deployment's revision when the wait ended (0 if unknown)
 * @param image the container image(s) of its template when the wait ended
 * @param detectedAtNanos monotonic instant the deciding watch event arrived (or the wait ended)
 */
public record RolloutOutcome(State state, String message, long revision, String image, long detectedAtNanos) {

  /** The ways a rollout wait ends. */
  public enum State {
    /** Rolled out by kubectl's rule. */
    COMPLETE,
    /** The controller gave up (ProgressDeadlineExceeded) or the Deployment disappeared. */
    FAILED,
    /** Still progressing when the timeout passed. */
    TIMED_OUT,
    /** The drill was aborted while waiting. */
    ABORTED
  }
}
