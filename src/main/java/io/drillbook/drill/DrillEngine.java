package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.TargetConfig;
import io.drillbook.drill.HealthProbe.HealthResult;
import io.drillbook.drill.RolloutOutcome.State;
import io.drillbook.time.Timing;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs one rollback drill: preflight, rollback exactly as {@code kubectl rollout undo}, watch the rollout, probe
 * health, judge recovery against the objective, and always restore what it changed.
 */
public final class DrillEngine {
  private final Cluster cluster;
  private final Function<DrillConfig, RollbackPath> paths;
  private final HealthProbe health;
  private final Verifier verifier;
  private final Timing timing;
  private final DrillIds ids;
  private final ProductionGuard guard;
  private final StopQuery stopQuery;
  private final DrillMarking marking;
  private final Restoration restoration;

  /**
   * An engine with the default production guard (no override) and no Prometheus for stop queries.
   *
   * @param paths the rollback path for a drill (by its method)
   * @param verifier runbook verification for drills that name a runbook ({@link Verifier#NONE} otherwise)
   */
  public DrillEngine(Cluster cluster, Function<DrillConfig, RollbackPath> paths, HealthProbe health,
      Verifier verifier, Timing timing, DrillIds ids) {
    this(cluster, paths, health, verifier, timing, ids, ProductionGuard.defaults(), StopQuery.NONE, DrillMarking.NONE);
  }

  /**
   * @param guard refuses targets that look like production
   * @param stopQuery evaluates the PromQL of a drill's {@code stopWhen.query}
   * @param marking marks the target while a drill may have it rolled back (crash recovery)
   */
  public DrillEngine(Cluster cluster, Function<DrillConfig, RollbackPath> paths, HealthProbe health,
      Verifier verifier, Timing timing, DrillIds ids, ProductionGuard guard, StopQuery stopQuery,
      DrillMarking marking) {
    this.guard = guard;
    this.stopQuery = stopQuery;
    this.marking = marking;
    this.cluster = cluster;
    this.paths = paths;
    this.health = health;
    this.verifier = verifier;
    this.timing = timing;
    this.ids = ids;
    this.restoration = new Restoration(cluster, timing);
  }

  /** Preflight only: what a drill would do. Touches nothing. */
  public RollbackPlan plan(DrillConfig drill) throws PreflightException, InfrastructureException {
    guard.check(drill, cluster.identity());
    checkAccess(drill);
    RollbackPlan plan = cluster.plan(drill.target(), drill.toRevision());
    String drillId = ids.next(drill.name(), timing.now());
    paths.apply(drill).preflight(drill, plan, drillId);
    if (drill.verification() != null) {
      verifier.prepare(drill, drillId);
    }
    return plan;
  }

  /**
   * Runs the drill. Never throws for drill-level trouble: every ending is a verdict in the returned record. If the
   * thread is interrupted the drill ends ABORTED after restoring, and the interrupt flag is set again.
   */
  public DrillRecord run(DrillConfig drill, Abort abort, DrillListener listener) {
    return run(drill, newDrillId(drill), abort, listener);
  }

  /** Whether the production guard refuses {@code drill}: then {@link #run} refuses it before touching anything. */
  public boolean refusesAsProduction(DrillConfig drill) {
    try {
      guard.check(drill, cluster.identity());
      return false;
    } catch (PreflightException e) {
      return true;
    }
  }

  /**
   * Refuses a drill whose identity lacks a permission the drill (its restore included) will use, before anything
   * is changed: not even the target's Lease is written.
   *
   * @throws PreflightException naming every missing permission
   */
  public void checkAccess(DrillConfig drill) throws PreflightException, InfrastructureException {
    List<String> denied = cluster.deniedAccess(drill.target(), drill.verification() != null);
    if (!denied.isEmpty()) {
      throw new PreflightException("this identity may not " + String.join(", ", denied) + " in namespace "
          + drill.target().namespace() + ", which the drill and its restore need; grant them with the Role in "
          + "k8s/base/role.yaml");
    }
  }

  /**
   * Crash recovery's restore of a dead drill of {@code drill}: the same rollback path and the same restore the drill
   * itself would have run.
   */
  Restoration.Result restoreFor(DrillConfig drill, RollbackPlan plan, String drillId, TargetLock.Held lease) {
    return restoration.restore(drill, paths.apply(drill), plan, drillId, lease);
  }

  /** Now, from the engine's clock. */
  public Instant now() {
    return timing.now();
  }

  /** A fresh drill id for {@code drill}, for callers that need it before the run (locks, skipped entries). */
  public String newDrillId(DrillConfig drill) {
    return ids.next(drill.name(), timing.now());
  }

  /** Runs the drill under an id chosen beforehand, with no lock to lose. */
  public DrillRecord run(DrillConfig drill, String drillId, Abort abort, DrillListener listener) {
    return run(drill, drillId, abort, listener, TargetLock.UNCONTESTED);
  }

  /**
   * Runs the drill under an id chosen beforehand while holding the target's lock: it changes the target only while
   * {@code lease} holds (a fenced drill aborts, and restores only once it holds the lock again).
   */
  public DrillRecord run(DrillConfig drill, String drillId, Abort abort, DrillListener listener,
      TargetLock.Held lease) {
    Instant startedAt = timing.now();
    RunRecorder rec = new RunRecorder(timing, listener);
    RunTally out = new RunTally(drillId, startedAt);
    TargetConfig target = drill.target();
    RollbackPath path = paths.apply(drill);

    rec.begin("preflight", "checking deployment " + target.qualifiedName());
    RollbackPlan plan;
    try {
      String productionOverride = guard.check(drill, cluster.identity());
      if (productionOverride != null) {
        out.facts.put("productionOverride", productionOverride);
      }
      plan = cluster.plan(target, drill.toRevision());
      out.plan = plan;
      if (plan.fromCommit() != null) {
        out.facts.put(Fact.OFFENDING_COMMIT.name(), plan.fromCommit());
      }
      path.preflight(drill, plan, out.drillId);
      if (drill.verification() != null) {
        out.facts.putAll(verifier.prepare(drill, out.drillId));
      }
    } catch (PreflightException e) {
      rec.fail(e.getMessage());
      return out.untouched(drill, rec, "preflight refused: " + e.getMessage());
    } catch (InfrastructureException e) {
      rec.fail(e.getMessage());
      return out.untouched(drill, rec, "could not complete preflight: " + e.getMessage());
    } catch (RuntimeException e) {
      rec.fail("unexpected error: " + e);
      return out.untouched(drill, rec, "unexpected error during preflight: " + e);
    }
    if (plan.alreadyAtTarget()) {
      rec.fail("skipped rollback (current template already matches revision " + plan.toRevision() + ")");
      return out.untouched(drill, rec, "nothing was exercised: the current template already matches revision "
          + plan.toRevision());
    }
    InProgressMarker marker;
    try {
      marker = marking.begin(drill, out.drillId, plan, startedAt);
    } catch (PreflightException e) {
      rec.fail(e.getMessage());
      return out.untouched(drill, rec, "preflight refused: " + e.getMessage());
    } catch (InfrastructureException e) {
      String why = "could not write the drill-in-progress marker: " + e.getMessage();
      rec.fail(why);
      return out.untouched(drill, rec, why);
    }
    rec.succeed("revision " + plan.fromRevision() + " (" + plan.fromImage() + ") will roll back to revision "
        + plan.toRevision() + " (" + plan.toImage() + ")");
    if (abort.fired() || !lease.holds()) {
      out.verdict(Verdict.ABORTED, "aborted before the rollback: " + (abort.fired() ? abort.reason()
          : "the target's lock is no longer held"));
      return marking.end(drill, marker, out.finish(drill, rec, true, "nothing was changed"), timing.now());
    }

    boolean interrupted = false;
    StopMonitor stops = StopMonitor.start(drill, abort, health, stopQuery, cluster, timing);
    try {
      exercise(drill, path, plan, stops.abort(), rec, out, stops);
    } catch (InfrastructureException e) {
      rec.failOpen(e.getMessage());
      out.verdict(Verdict.INCONCLUSIVE, (e instanceof ClusterException ? "cluster error: " : "") + e.getMessage());
    } catch (InterruptedException e) {
      interrupted = true;
      rec.failOpen("interrupted");
      out.verdict(Verdict.ABORTED, "interrupted" + (abort.fired() ? ": " + abort.reason() : ""));
    } catch (RuntimeException e) {
      rec.failOpen("unexpected error: " + e);
      out.verdict(Verdict.INCONCLUSIVE, "unexpected error: " + e);
    }
    stops.close();
    out.facts.putAll(stops.facts());
    if (stops.stoppedBecause() != null && out.verdict == Verdict.PASS) {
      // The condition held just as the last phase succeeded: the operator asked for a stop, so it is one.
      out.verdict = Verdict.ABORTED;
      out.reason = "aborted: " + stops.stoppedBecause();
    }
    try {
      DrillRecord record = restore(drill, path, plan, rec, out, lease);
      if (!lease.holds()) {
        // Whoever holds the lock now owns the target, its marker included.
        return record.withFact("marker", "left on the Deployment: this drill no longer held the target's lock");
      }
      return marking.end(drill, marker, record, timing.now());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void exercise(DrillConfig drill, RollbackPath path, RollbackPlan plan, Abort abort, RunRecorder rec,
      RunTally out, StopMonitor stops) throws InfrastructureException, InterruptedException {
    TargetConfig target = drill.target();
    long rollbackStart = timing.nanos();
    Instant rollbackStartedAt = timing.now();
    // Counted as changed before the call: a trigger whose answer is lost may still have taken effect.
    out.changed = true;
    RollbackPath.Trigger trigger = path.rollBack(drill, plan, out.drillId, rec, abort);
    out.facts.putAll(trigger.facts());
    switch (trigger.result()) {
      case SKIPPED -> {
        out.changed = false;
        out.verdict(Verdict.INCONCLUSIVE, "nothing was exercised: " + trigger.message());
        return;
      }
      case FAILED -> {
        rec.check("rollback-triggered", false, trigger.message());
        out.verdict(Verdict.FAIL, trigger.message());
        return;
      }
      case ABORTED -> {
        out.verdict(Verdict.ABORTED, trigger.message());
        return;
      }
      case DONE -> { }
    }

    rec.begin("rollout", "watching until rolled out (timeout " + seconds(drill.timeouts().rollout()) + ")");
    RolloutOutcome rollout;
    stops.rolloutStarted();
    try {
      rollout = cluster.awaitRollout(target, drill.timeouts().rollout(), abort);
    } finally {
      stops.rolloutEnded();
    }
    if (rollout.state() == State.ABORTED) {
      rec.fail(rollout.message());
      out.verdict(Verdict.ABORTED, rollout.message());
      return;
    }
    if (rollout.state() != State.COMPLETE) {
      rec.fail(rollout.message());
      rec.check("rollout-complete", false, rollout.message());
      out.verdict(Verdict.FAIL, "rollout to revision " + plan.toRevision() + " did not complete: " + rollout.message());
      return;
    }
    rec.succeedAt(rollout.detectedAtNanos(), rollout.message() + " at revision " + rollout.revision());
    rec.check("rollout-complete", true, rollout.message());
    boolean rightImage = rollout.image().equals(plan.toImage());
    rec.check("rolled-back-image", rightImage, "expected " + plan.toImage() + ", running " + rollout.image());
    if (!rightImage) {
      out.verdict(Verdict.FAIL, "rolled out, but to " + rollout.image() + " instead of " + plan.toImage());
      return;
    }
    long recoveredAt = rollout.detectedAtNanos();

    if (drill.health() != null) {
      String url = drill.health().url().toString();
      int expect = drill.health().expectStatus();
      rec.begin("health", "GET " + url + " until " + expect + " (timeout " + seconds(drill.timeouts().health()) + ")");
      HealthResult h = health.await(drill.health().url(), expect, drill.timeouts().health(), abort);
      String seen = h.lastStatus() > 0 ? "last answer " + h.lastStatus() : "no answer"
          + (h.lastError() == null ? "" : " (" + h.lastError() + ")");
      if (!h.ok()) {
        rec.fail(seen + " after " + h.attempts() + " attempts");
        if (abort.fired()) {
          out.verdict(Verdict.ABORTED, "aborted during the health check: " + abort.reason());
          return;
        }
        rec.check("health", false, "expected " + expect + " from " + url + ", " + seen);
        out.verdict(Verdict.FAIL, "health check did not answer " + expect + " within "
            + seconds(drill.timeouts().health()) + ": " + seen);
        return;
      }
      rec.succeedAt(h.detectedAtNanos(), "answered " + h.lastStatus() + " after " + h.attempts() + " attempts");
      rec.check("health", true, "GET " + url + " answered " + h.lastStatus());
      recoveredAt = h.detectedAtNanos();
    }

    Duration recovery = Duration.ofNanos(recoveredAt - rollbackStart).truncatedTo(ChronoUnit.MILLIS);
    if (drill.verification() != null) {
      rec.begin("verify", "runbook thresholds must hold for the sustain window; then the logs");
      Verifier.Verification v = verifier.verify(drill, out.drillId, abort);
      v.checks().forEach(c -> rec.check(c.name(), c.ok(), c.detail()));
      out.facts.putAll(v.facts());
      switch (v.result()) {
        case HELD -> rec.succeed("held: " + v.reason());
        case BREACHED -> {
          rec.fail(v.reason());
          out.verdict(Verdict.FAIL, v.reason());
          return;
        }
        case INCONCLUSIVE -> {
          rec.fail(v.reason());
          out.verdict(Verdict.INCONCLUSIVE, "verification could not be judged: " + v.reason());
          return;
        }
        case ABORTED -> {
          rec.fail(v.reason());
          out.verdict(Verdict.ABORTED, v.reason());
          return;
        }
      }
      if (v.recoveredAt() != null && v.recoveredAt().isAfter(rollbackStartedAt)) {
        // The runbook's "below thresholds for N minutes" counts from the start of the window that held.
        recovery = Duration.between(rollbackStartedAt, v.recoveredAt()).truncatedTo(ChronoUnit.MILLIS);
      }
    }
    out.recovery = recovery;
    boolean within = recovery.compareTo(drill.objective()) <= 0;
    rec.check("recovery-objective", within,
        seconds(recovery) + (within ? " <= " : " > ") + "objective " + seconds(drill.objective()));
    out.verdict(within ? Verdict.PASS : Verdict.FAIL, within
        ? "recovered in " + seconds(recovery) + ", within the objective of " + seconds(drill.objective())
        : "recovery took " + seconds(recovery) + ", over the objective of " + seconds(drill.objective()));
  }

  private DrillRecord restore(DrillConfig drill, RollbackPath path, RollbackPlan plan, RunRecorder rec, RunTally out,
      TargetLock.Held lease) {
    if (!out.changed) {
      return out.finish(drill, rec, true, "nothing was changed");
    }
    if (!drill.restore()) {
      String detail = "restore disabled (restore: false); left on revision " + plan.toRevision();
      return out.finish(drill, rec, false, detail);
    }
    TargetConfig target = drill.target();
    rec.begin("restore", "rolling forward to revision " + plan.fromRevision() + " (" + plan.fromImage() + ")");
    Restoration.Result result = restoration.restore(drill, path, plan, out.drillId, lease);
    out.facts.putAll(result.facts());
    boolean restored = result.restored();
    String detail = result.detail();
    boolean wasInterrupted = result.interrupted();
    if (restored) {
      rec.succeed(detail);
    } else {
      rec.fail(detail);
    }
    rec.check("restored", restored, detail);
    if (wasInterrupted) {
      Thread.currentThread().interrupt();
    }
    if (!restored && lease.lost()) {
      String left = "not restored by this drill: another process (crash recovery) took the target's lock over and "
          + "restores staging; this drill made no further change";
      if (out.verdict == null || out.verdict == Verdict.PASS) {
        out.verdict = Verdict.ABORTED;
        out.reason = left;
      } else {
        out.reason = out.reason + "; " + left;
      }
      return out.finish(drill, rec, false, detail);
    }
    if (!restored) {
      String left = "STAGING NOT RESTORED: " + detail + "; roll forward by hand with 'kubectl -n "
          + target.namespace() + " rollout undo deployment/" + target.deployment() + " --to-revision="
          + plan.fromRevision() + "'";
      if (out.verdict == Verdict.PASS) {
        out.verdict = Verdict.FAIL;
        out.reason = left;
      } else {
        out.reason = out.reason + "; " + left;
      }
    }
    return out.finish(drill, rec, restored, detail);
  }

  /**
   * The record of a drill that did not run (SKIPPED: the target was locked; MISSED: a scheduled fire did not
   * happen), so the evidence log shows the gap instead of staying silent.
   */
  public DrillRecord notRun(DrillConfig drill, String drillId, Instant at, Verdict verdict, String reason) {
    TargetConfig t = drill.target();
    return new DrillRecord(DrillRecord.Subject.of(drillId, drill, at.truncatedTo(ChronoUnit.MILLIS)),
        new DrillRecord.Judgement(verdict, reason, null, drill.objective()), DrillRecord.Rollback.UNKNOWN,
        new DrillRecord.Restore(true, "nothing was changed"), null);
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f s", d.toMillis() / 1000.0);
  }
}
