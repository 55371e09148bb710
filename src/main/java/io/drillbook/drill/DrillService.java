package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import io.drillbook.freeze.ActiveFreeze;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One complete drill as every trigger runs it (CLI, demo, scheduler): run the engine, then append the evidence.
 */
public final class DrillService {
  private final DrillEngine engine;
  private final Function<DrillConfig, EvidenceSink> sinks;
  private final FollowUpTracker followUps;
  private final TargetLock locks;
  private final DrillNotifier notifier;

  /** Why a drill whose lock renewals stopped landing stops changing the target. */
  static final String FENCED = "the target's lock (Lease) could not be renewed within its renew deadline (API server "
      + "unreachable?): this drill stops changing the target until it holds the lock again";

  /**
   * @param sinks opens the evidence sink for a drill's configured log
   * @param followUps files follow-up issues for failed drills ({@link FollowUpTracker#NONE} when not configured)
   * @param locks one drill per target at a time ({@link TargetLock#NONE} for none)
   */
  public DrillService(DrillEngine engine, Function<DrillConfig, EvidenceSink> sinks, FollowUpTracker followUps,
      TargetLock locks) {
    this(engine, sinks, followUps, locks, DrillNotifier.NONE);
  }

  /** @param notifier reports verdicts to webhooks ({@link DrillNotifier#NONE} when none are configured) */
  public DrillService(DrillEngine engine, Function<DrillConfig, EvidenceSink> sinks, FollowUpTracker followUps,
      TargetLock locks, DrillNotifier notifier) {
    this.notifier = notifier;
    this.engine = engine;
    this.sinks = sinks;
    this.followUps = followUps;
    this.locks = locks;
  }

  public DrillEngine engine() {
    return engine;
  }

  /** Runs the drill and records it. Evidence trouble never undoes the restore; it is reported in the result. */
  public DrillRun execute(DrillConfig drill, Abort abort, DrillListener listener) {
    return execute(drill, abort, listener, UnaryOperator.identity());
  }

  private DrillRun execute(DrillConfig drill, Abort abort, DrillListener listener, UnaryOperator<DrillRecord> add) {
    String drillId = engine.newDrillId(drill);
    if (engine.refusesAsProduction(drill)) {
      // Refused before the lock, so a production namespace does not even get a drill Lease written into it.
      return record(drill, add, engine.run(drill, drillId, abort, listener));
    }
    try {
      engine.checkAccess(drill);
    } catch (PreflightException e) {
      return record(drill, add, engine.notRun(drill, drillId, engine.now(), Verdict.INCONCLUSIVE,
          "preflight refused: " + e.getMessage()));
    } catch (InfrastructureException e) {
      return record(drill, add, engine.notRun(drill, drillId, engine.now(), Verdict.INCONCLUSIVE,
          "could not complete preflight: " + e.getMessage()));
    }
    DrillRecord record;
    TargetLock.Attempt lock;
    try {
      lock = locks.tryAcquire(drill.target(), drillId);
    } catch (InfrastructureException e) {
      return record(drill, add, engine.notRun(drill, drillId, engine.now(), Verdict.INCONCLUSIVE,
          e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return record(drill, add, engine.notRun(drill, drillId, engine.now(), Verdict.ABORTED,
          "interrupted while taking the target's lock; nothing was changed"));
    }
    if (!lock.acquired()) {
      return record(drill, add, engine.notRun(drill, drillId, engine.now(), Verdict.SKIPPED,
          "another drill of " + drill.target().qualifiedName() + " is running: " + lock.heldBy()));
    }
    try (TargetLock.Held held = lock.held()) {
      Abort drillAbort = new Abort();
      abort.onFire(() -> drillAbort.fire(abort.reason()));
      held.onFenced(() -> drillAbort.fire(FENCED));
      record = engine.run(drill, drillId, drillAbort, listener, held);
      if (held.lost()) {
        record = record.withFact("lockLost", "another holder took the target's lock over during the drill");
      }
    }
    return record(drill, add, record);
  }

  /**
   * Recorded without running, nothing touched: the freeze {@code freeze} holds the drill at {@code at} ({@code why}:
   * what else to say, e.g. that it was a scheduled fire the scheduler missed, or null). The entry
   * names the freeze and its span ({@code freeze}, {@code freezeFrom}, {@code freezeUntil}), which is what the
   * compliance report reads to keep frozen spans out of the cadence.
   */
  public DrillRun recordFrozen(DrillConfig drill, java.time.Instant at, ActiveFreeze freeze, String why) {
    DrillRecord record = engine.notRun(drill, engine.newDrillId(drill), at, Verdict.FROZEN,
        Freezing.reason(freeze, why));
    return record(drill, record.withFacts(Freezing.facts(freeze)));
  }

  /**
   * Runs the drill as {@link #execute(DrillConfig, Abort, DrillListener)} does, with {@code facts} added to its entry
   * (a freeze a person overrode).
   */
  public DrillRun execute(DrillConfig drill, Abort abort, DrillListener listener, Map<String, String> facts) {
    return execute(drill, abort, listener, record -> record.withFacts(facts));
  }

  /** Recorded without running: for the scheduler's MISSED fires. */
  public DrillRun recordNotRun(DrillConfig drill, java.time.Instant at, Verdict verdict, String reason) {
    return record(drill, engine.notRun(drill, engine.newDrillId(drill), at, verdict, reason));
  }

  /** Records a run that finished elsewhere: crash recovery appends a dead drill's ABORTED entry this way. */
  public DrillRun recordFinished(DrillConfig drill, DrillRecord record) {
    return record(drill, record);
  }

  private DrillRun record(DrillConfig drill, UnaryOperator<DrillRecord> add, DrillRecord finished) {
    return record(drill, add.apply(finished));
  }

  private DrillRun record(DrillConfig drill, DrillRecord finished) {
    DrillRecord record = finished;
    EvidenceSink sink = sinks.apply(drill);
    String followUpError = null;
    try {
      record = followUps.track(record, sink.location() + " (entry " + record.drillId() + ")");
    } catch (InfrastructureException | RuntimeException e) {
      // The drill's evidence matters more than the issue: record why no follow-up was filed and carry on.
      followUpError = "could not file the follow-up issue: " + e.getMessage();
      record = record.withFact("followUpError", e.getMessage() == null ? e.toString() : e.getMessage());
    }
    // Notified before the entry is written, so the entry says whether the notification went out.
    record = notifier.notify(record, sink.location() + " (entry " + record.drillId() + ")");
    try {
      String where = sink.append(record);
      return new DrillRun(record, where, null, followUpError);
    } catch (IOException | RuntimeException e) {
      String error = "could not append evidence to " + sink.location() + ": " + e.getMessage();
      EvidenceSink.Rescued rescued;
      try {
        rescued = sink.rescue(record);
      } catch (RuntimeException again) {
        rescued = new EvidenceSink.Rescued(null, null);
      }
      return new DrillRun(record, null, rescued.location() != null
          ? error + "; the entry was written to " + rescued.location() + " instead"
          : error + "; no fallback file could be written either", followUpError, rescued.location(),
          rescued.text());
    }
  }

  /**
   * @param record what the drill established
   * @param evidenceLocation where the entry was appended, or null when appending failed
   * @param evidenceError why appending failed, or null
   * @param followUpError why no follow-up issue could be filed, or null
   * @param evidenceFallback where the entry was written instead when appending failed (a file next to the log, or
   *     in the temp dir), or null
   * @param unappendedEntry the entry's text when appending failed, for stderr; else null
   */
  public record DrillRun(DrillRecord record, String evidenceLocation, String evidenceError, String followUpError,
      String evidenceFallback, String unappendedEntry) {

    public DrillRun(DrillRecord record, String evidenceLocation, String evidenceError, String followUpError) {
      this(record, evidenceLocation, evidenceError, followUpError, null, null);
    }
  }
}
