package io.drillbook.drill;

import io.drillbook.time.Timing;
import java.time.Duration;

/**
 * Keeps a restore going while the cluster (or GitHub) cannot be reached: each step is tried again after a backoff
 * (0.5 s doubling to 5 s, so the restore resumes within seconds of the API coming back) until the restore deadline,
 * {@code timeouts.restore}, has passed. Staging must not stay rolled back because of a network blip. A lasting
 * refusal ({@link InfrastructureException#lasting()}: no permission, the object gone, an invalid request) ends the
 * retries once it came {@value #LASTING_CONFIRMATIONS} times in a row (about 1.5 s): waiting out the deadline would
 * only keep the operator from acting, while a single 403 can be an API server that just restarted and has not yet
 * loaded its RBAC rules.
 */
final class RestoreRetry {
  static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  static final int LASTING_CONFIRMATIONS = 3;

  /** One restore step, given the time left before the deadline. */
  @FunctionalInterface
  interface Step<T> {
    T run(Duration remaining) throws InfrastructureException, InterruptedException;
  }

  private final Timing timing;
  private final long deadline;
  private int attempts;
  private int retries;
  private InfrastructureException lastFailure;
  private int lastingInARow;

  RestoreRetry(Timing timing, Duration budget) {
    this.timing = timing;
    this.deadline = timing.nanos() + budget.toNanos();
  }

  /**
   * Runs {@code step} until it returns, retrying on {@link InfrastructureException} while time is left.
   *
   * @throws InfrastructureException the last failure, once the deadline has passed or it was a lasting refusal
   *     {@value #LASTING_CONFIRMATIONS} times in a row
   */
  <T> T call(Step<T> step) throws InfrastructureException, InterruptedException {
    Duration backoff = FIRST_BACKOFF;
    while (true) {
      attempts++;
      try {
        return step.run(remaining());
      } catch (InfrastructureException e) {
        lastFailure = e;
        lastingInARow = e.lasting() ? lastingInARow + 1 : 0;
        Duration left = remaining();
        if (left.isZero() || lastingInARow >= LASTING_CONFIRMATIONS) {
          throw e;
        }
        retries++;
        timing.sleep(backoff.compareTo(left) < 0 ? backoff : left);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) < 0 ? backoff.multipliedBy(2) : MAX_BACKOFF;
      }
    }
  }

  /** Time left before the deadline, never negative. */
  Duration remaining() {
    long left = deadline - timing.nanos();
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }

  /** Attempts made so far over all steps. */
  int attempts() {
    return attempts;
  }

  /** True when the last failure ended the retries as a lasting refusal, not at the deadline. */
  boolean gaveUpOnLastingRefusal() {
    return lastingInARow >= LASTING_CONFIRMATIONS;
  }

  /** Failures retried past so far. */
  int retries() {
    return retries;
  }

  /** The last failure retried past, or null when every step worked at once. */
  InfrastructureException lastFailure() {
    return lastFailure;
  }
}
