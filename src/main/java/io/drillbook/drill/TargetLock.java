package io.drillbook.drill;

import io.drillbook.config.TargetConfig;
import java.time.Duration;

/**
 * One drill per target at a time, cluster-wide: a CronJob run, a scheduler replica, a manual run and a recovery
 * must never change the same Deployment at once. Whoever holds the lock may write to the target; a holder that
 * cannot renew it in time stops writing (it is fenced) until it holds it again.
 */
public interface TargetLock {

  /**
   * Takes the target's lock for this drill, or says who holds it. A lock whose holder stopped renewing is taken over
   * only once it has gone unrenewed for its whole duration, as observed here, so this may wait that long.
   *
   * @return the held lock (close it to release), or null with {@code heldBy} describing the other holder
   */
  Attempt tryAcquire(TargetConfig target, String drillId) throws InfrastructureException, InterruptedException;

  /**
   * Who holds a target's lock, judged as client-go's leader election judges a Lease: live while it keeps changing,
   * lapsed once it has gone unchanged for its duration as observed on this host's monotonic clock (never by comparing
   * the holder's renew time with this host's wall clock), or at once when its holder was a process on this host that
   * is gone.
   *
   * @param status what was seen
   * @param identity the holder identity, when there is one
   * @param detail one clause saying how it was judged, for messages
   */
  record Holder(Status status, String identity, String detail) {

    /** What the lock says about its holder. */
    public enum Status {
      /** Nobody holds it: never taken, or released. */
      FREE,
      /** Its holder renewed it while we watched. */
      LIVE,
      /** Its holder stopped renewing it for longer than its duration, or its process is gone. */
      LAPSED
    }

    public boolean live() {
      return status == Status.LIVE;
    }
  }

  /**
   * Whether {@link #holder} and {@link #tryAcquire} judge holders by watching the lock; false when there is no real
   * lock (then crash recovery falls back to the marker's deadline).
   */
  default boolean judgesHolders() {
    return false;
  }

  /**
   * @param held the lock when acquired, else null
   * @param heldBy who holds it, when not acquired
   * @param found how the lock was found when acquired (free, released, lapsed and why), else null
   */
  record Attempt(Held held, String heldBy, String found) {
    public Attempt(Held held, String heldBy) {
      this(held, heldBy, held == null ? null : "free");
    }

    public boolean acquired() {
      return held != null;
    }
  }

  /** A held lock, renewed in the background until closed. */
  interface Held extends AutoCloseable {
    /** Whether another holder took the lock over: we will never hold it again. */
    boolean lost();

    /**
     * Whether we may change the target now: the last renewal landed within the renew deadline and nobody took the
     * lock over. False while fenced: renewals failed for longer than the renew deadline (an API outage, a network
     * partition), so a recoverer may already be judging the lock lapsed.
     */
    boolean holds();

    /**
     * Waits until we hold the lock again (a renewal landed), the lock was lost, or {@code timeout} passed.
     *
     * @return whether we hold it
     */
    boolean awaitHeld(Duration timeout) throws InterruptedException;

    /** Runs {@code action} once, on a background thread, when we first stop holding the lock. */
    void onFenced(Runnable action);

    @Override
    void close();
  }

  /** A lock nobody else can take: no locking (tests, single-process tools). */
  Held UNCONTESTED = new Held() {
    @Override
    public boolean lost() {
      return false;
    }

    @Override
    public boolean holds() {
      return true;
    }

    @Override
    public boolean awaitHeld(Duration timeout) {
      return true;
    }

    @Override
    public void onFenced(Runnable action) {}

    @Override
    public void close() {}
  };

  /** No locking (tests, single-process tools). */
  TargetLock NONE = (target, drillId) -> new Attempt(UNCONTESTED, null);
}
