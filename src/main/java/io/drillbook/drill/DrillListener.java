package io.drillbook.drill;

/** Hears a drill's progress as it happens (the CLI prints it; the scheduler logs it). */
public interface DrillListener {

  /** A phase began; {@code what} says what it is doing. */
  void phaseStarted(String phase, String what);

  /** A phase ended. */
  void phaseFinished(PhaseResult result);

  /** A listener that ignores everything. */
  static DrillListener silent() {
    return new DrillListener() {
      @Override
      public void phaseStarted(String phase, String what) {}

      @Override
      public void phaseFinished(PhaseResult result) {}
    };
  }
}
