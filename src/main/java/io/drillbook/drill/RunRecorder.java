package io.drillbook.drill;

import io.drillbook.time.Timing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Collects one run's phases and checks as they happen, timing phases on the monotonic source. */
final class RunRecorder implements PhaseLog {
  private final Timing timing;
  private final DrillListener listener;
  private final List<PhaseResult> phases = new ArrayList<>();
  private final List<CheckResult> checks = new ArrayList<>();
  private Open open;
  private String label = "";

  RunRecorder(Timing timing, DrillListener listener) {
    this.timing = timing;
    this.listener = listener;
  }

  private record Open(String name, Instant startedAt, long startNanos) {}

  /**
   * Names the phases and checks recorded from now on {@code label + name} (e.g. {@code restart-health}), so a drill
   * that tries two paths shows which path each phase belonged to.
   */
  void label(String label) {
    this.label = label;
  }

  @Override
  public void begin(String phase, String what) {
    if (open != null) {
      end(false, "superseded by " + phase, timing.nanos());
    }
    open = new Open(label + phase, timing.now(), timing.nanos());
    listener.phaseStarted(label + phase, what);
  }

  @Override
  public void succeed(String detail) {
    end(true, detail, timing.nanos());
  }

  /** Ends the open phase at a measured instant (e.g. when the deciding watch event arrived). */
  @Override
  public void succeedAt(long endNanos, String detail) {
    end(true, detail, endNanos);
  }

  @Override
  public void fail(String detail) {
    end(false, detail, timing.nanos());
  }

  /** Fails the open phase, if any (used when an exception cuts a phase short). */
  void failOpen(String detail) {
    if (open != null) {
      fail(detail);
    }
  }

  boolean hasOpenPhase() {
    return open != null;
  }

  private void end(boolean ok, String detail, long endNanos) {
    if (open == null) {
      throw new IllegalStateException("no phase is open");
    }
    Duration d = Duration.ofNanos(Math.max(0, endNanos - open.startNanos())).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    PhaseResult result = new PhaseResult(open.name(), open.startedAt(), d, ok, detail);
    open = null;
    phases.add(result);
    listener.phaseFinished(result);
  }

  void check(String name, boolean ok, String detail) {
    checks.add(new CheckResult(label + name, ok, detail));
  }

  List<PhaseResult> phases() {
    return List.copyOf(phases);
  }

  List<CheckResult> checks() {
    return List.copyOf(checks);
  }
}
