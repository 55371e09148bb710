package io.drillbook.drill;

/** Lets a rollback path record the phases it runs, timed like the engine's own. */
public interface PhaseLog {

  /** Opens a phase (ending any open one as failed); {@code what} says what it is doing. */
  void begin(String phase, String what);

  /** Ends the open phase as succeeded now. */
  void succeed(String detail);

  /** Ends the open phase as succeeded at a measured monotonic instant. */
  void succeedAt(long endNanos, String detail);

  /** Ends the open phase as failed now. */
  void fail(String detail);
}
