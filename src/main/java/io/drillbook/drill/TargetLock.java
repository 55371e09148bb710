package io.drillbook.drill;

import io.drillbook.config.TargetConfig;

/**
 * One drill per target at a time, cluster-wide: a CronJob run, a scheduler replica and a manual run must never drill
 * the same Deployment at once.
 */
public interface TargetLock {

  /**
   * Takes the target's lock for this drill, or says who holds it.
   *
   * @return the held lock (close it to release), or null with {@code heldBy} describing the other holder
   */
  Attempt tryAcquire(TargetConfig target, String drillId) throws InfrastructureException;

  /**
   * Who holds the target's lock and still renews it, without taking it: empty when nobody does (never taken,
   * released, or expired because its holder stopped renewing). Crash recovery reads this to tell a running drill
   * from a dead one.
   */
  default java.util.Optional<String> liveHolder(TargetConfig target) throws InfrastructureException {
    return java.util.Optional.empty();
  }

  /**
   * @param held the lock when acquired, else null
   * @param heldBy who holds it and until when, when not acquired
   */
  record Attempt(Held held, String heldBy) {
    public boolean acquired() {
      return held != null;
    }
  }

  /** A held lock, renewed in the background until closed. */
  interface Held extends AutoCloseable {
    /** Whether another holder took the lock over (our renewals stopped landing). */
    boolean lost();

    @Override
    void close();
  }

  /** No locking (tests, single-process tools). */
  TargetLock NONE = (target, drillId) -> new Attempt(new Held() {
    @Override
    public boolean lost() {
      return false;
    }

    @Override
    public void close() {}
  }, null);
}
