package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.TargetConfig;
import io.drillbook.time.Timing;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one rollback drill: preflight, rollback exactly as {@code kubectl rollout undo}, watch the rollout, probe
 * health, judge recovery against the objective, and always restore what it changed. Each phase has its collaborator
 * ({@link Preflight}, {@link RollbackWatch}, {@link RecoveryJudge}, {@link RestorePhase}); the engine runs them in
 * order and keeps the target's marker and the stop conditions around them.
 */
public final class DrillEngine {
  private final Cluster cluster;
  private final Function<DrillConfig, RollbackPath> paths;
  private final HealthProbe health;
  private final Timing timing;
  private final DrillIds ids;
  private final StopQuery stopQuery;
  private final DrillMarking marking;
  private final Restoration restoration;
  private final Preflight preflight;
  private final RollbackWatch rollbackWatch;
  private final RecoveryJudge judge;
  private final RestorePhase restorePhase;
  private final AlertSource alerts;
  private final DrillAnnouncer announcer;
  private final GitOpsGuard gitops;

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
    this(cluster, paths, health, verifier, timing, ids, guard, stopQuery, marking,
        AlertSource.none("no Prometheus configured"));
  }

  /** @param alerts where the alerts that fired for the target during the drill are read, for the evidence */
  public DrillEngine(Cluster cluster, Function<DrillConfig, RollbackPath> paths, HealthProbe health,
      Verifier verifier, Timing timing, DrillIds ids, ProductionGuard guard, StopQuery stopQuery,
      DrillMarking marking, AlertSource alerts) {
    this(cluster, paths, health, verifier, timing, ids, guard, stopQuery, marking, alerts, DrillAnnouncer.NONE);
  }

  /** @param announcer silences the target's alerts and annotates dashboards while the drill runs */
  public DrillEngine(Cluster cluster, Function<DrillConfig, RollbackPath> paths, HealthProbe health,
      Verifier verifier, Timing timing, DrillIds ids, ProductionGuard guard, StopQuery stopQuery,
      DrillMarking marking, AlertSource alerts, DrillAnnouncer announcer) {
    this.announcer = announcer;
    this.alerts = alerts;
    this.stopQuery = stopQuery;
    this.marking = marking;
    this.cluster = cluster;
    this.paths = paths;
    this.health = health;
    this.timing = timing;
    this.ids = ids;
    this.restoration = new Restoration(cluster, timing);
    this.gitops = new GitOpsGuard(cluster, timing);
    this.preflight = new Preflight(cluster, paths, verifier, guard, ids, timing, gitops);
    this.rollbackWatch = new RollbackWatch(cluster, health, timing);
    this.judge = new RecoveryJudge(verifier);
    this.restorePhase = new RestorePhase(restoration);
  }

  /** Preflight only: what a drill would do. Touches nothing. */
  public RollbackPlan plan(DrillConfig drill) throws PreflightException, InfrastructureException {
    return preflight.plan(drill);
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
    return preflight.refusesAsProduction(drill);
  }

  /**
   * Refuses a drill whose identity lacks a permission the drill (its restore included) will use, before anything
   * is changed: not even the target's Lease is written.
   *
   * @throws PreflightException naming every missing permission
   */
  public void checkAccess(DrillConfig drill) throws PreflightException, InfrastructureException {
    preflight.checkAccess(drill);
  }

  /**
   * Crash recovery's restore of a dead drill of {@code drill}: the same restore the drill itself would have run,
   * through the path that last changed the target ({@code changedBy}, the drill's fallback once it took it).
   */
  Restoration.Result restoreFor(DrillConfig drill, String changedBy, RollbackPlan plan, String drillId,
      TargetLock.Held lease) {
    boolean byFallback = drill.fallback() != null && drill.fallback().method().configName().equals(changedBy);
    RollbackPath path = paths.apply(byFallback ? drill.asFallback() : drill);
    return restoration.restore(drill, path, plan, drillId, lease);
  }

  /**
   * Crash recovery's resume of what a dead drill paused ({@link InProgressMarker#paused()}): each field put back to
   * what it held; returns the facts to record ({@code gitopsResumeError} when one could not be).
   */
  java.util.Map<String, String> resumeFor(InProgressMarker marker) {
    return gitops.resume(marker.paused());
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
      plan = preflight.prepare(drill, path, out);
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
        + plan.toRevision() + " (" + plan.toImage() + ")"
        + (plan.fallback() == null ? "" : "; if " + drill.method().configName() + " gives up, "
            + drill.fallback().method().configName() + " rolls revision " + plan.fallback().fromRevision()
            + " back to revision " + plan.fallback().toRevision() + " (" + plan.fallback().toImage() + ")")
        + (plan.warnings().isEmpty() ? "" : "; warning: " + String.join("; warning: ", plan.warnings())));
    AlertRecorder alertRecorder = new AlertRecorder(alerts, drill);
    alertRecorder.snapshot("alertsBeforeRollback");
    Instant rollbackFrom = timing.now();
    if (abort.fired() || !lease.holds()) {
      out.verdict(Verdict.ABORTED, "aborted before the rollback: " + (abort.fired() ? abort.reason()
          : "the target's lock is no longer held"));
      return marking.end(drill, marker, out.finish(drill, rec, true, "nothing was changed"), timing.now());
    }

    List<PauseStep> pauses = plan.ownership().pauseSteps();
    if (!pauses.isEmpty()) {
      rec.begin("pause", "suspending " + plan.ownership().describe());
    }
    GitOpsGuard.Paused paused = gitops.pause(pauses);
    out.facts.putAll(paused.facts());
    if (paused.error() == null && !pauses.isEmpty()) {
      rec.succeed(paused.facts().get(GitOpsGuard.PAUSED));
    }
    if (paused.error() != null) {
      rec.fail(paused.error());
      out.verdict(Verdict.INCONCLUSIVE, "preflight refused: " + paused.error());
      DrillRecord record = out.finish(drill, rec, true, "nothing was changed");
      return paused.leftPaused() ? marking.keep(drill, marker, record, timing.now())
          : marking.end(drill, marker, record, timing.now());
    }
    boolean interrupted = false;
    DrillAnnouncer.Announced announced = announcer.begin(drill, out.drillId, startedAt);
    StopMonitor stops = StopMonitor.start(drill, abort, health, stopQuery, cluster, timing);
    out.via(path, marker);
    try {
      exercise(drill, path, plan, stops.abort(), rec, out, stops);
    } catch (InfrastructureException e) {
      rec.failOpen(e.getMessage());
      if (stops.abort().fired()) {
        // Aborted first (fenced by a partition, a stop condition, a signal): the cluster error that followed is a
        // consequence, not the verdict's cause.
        out.verdict(Verdict.ABORTED, stops.abort().reason() + " (then: " + e.getMessage() + ")");
      } else {
        out.verdict(Verdict.INCONCLUSIVE, (e instanceof ClusterException ? "cluster error: " : "") + e.getMessage());
      }
    } catch (InterruptedException e) {
      interrupted = true;
      rec.failOpen("interrupted");
      out.verdict(Verdict.ABORTED, "interrupted" + (abort.fired() ? ": " + abort.reason() : ""));
    } catch (RuntimeException e) {
      rec.failOpen("unexpected error: " + e);
      out.verdict(Verdict.INCONCLUSIVE, "unexpected error: " + e);
    }
    rec.label("");
    stops.close();
    alertRecorder.snapshot("alertsAtVerdict");
    out.facts.putAll(stops.facts());
    if (stops.stoppedBecause() != null && out.verdict == Verdict.PASS) {
      // The condition held just as the last phase succeeded: the operator asked for a stop, so it is one.
      out.verdict = Verdict.ABORTED;
      out.reason = "aborted: " + stops.stoppedBecause();
    }
    try {
      DrillRecord record = restorePhase.restore(drill, out.via, out.plan, rec, out, lease);
      alertRecorder.snapshot(Fact.ALERTS_AFTER_RESTORE.name());
      record = record.withFacts(alertRecorder.finish(rollbackFrom, timing.now()));
      record = record.withFacts(announced.end(record));
      Map<String, String> resumed = gitops.resume(pauses);
      record = record.withFacts(resumed);
      if (!lease.holds()) {
        // Whoever holds the lock now owns the target, its marker included.
        return record.withFact("marker", "left on the Deployment: this drill no longer held the target's lock");
      }
      if (resumed.containsKey(GitOpsGuard.RESUME_ERROR)) {
        return marking.keep(drill, out.marker, record, timing.now());
      }
      return marking.end(drill, out.marker, record, timing.now());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Rolls back through the drill's path and, when it gives up and the drill names a fallback, through the fallback;
   * recovery is timed from the first path's start either way. {@code out} names the path the restore goes through.
   */
  private void exercise(DrillConfig drill, RollbackPath path, RollbackPlan plan, Abort abort, RunRecorder rec,
      RunTally out, StopMonitor stops) throws InfrastructureException, InterruptedException {
    long rollbackStart = timing.nanos();
    Instant rollbackStartedAt = timing.now();
    DrillConfig.Fallback fallback = drill.fallback();
    String firstName = drill.method().configName();
    RollbackWatch.Leaving leaving = fallback == null ? RollbackWatch.Leaving.NEVER
        : new RollbackWatch.Leaving(true, drill.method() == RollbackMethod.RESTART, fallback.after());
    if (fallback != null) {
      rec.label(firstName + "-");
    }
    RollbackWatch.Watched watched = rollbackWatch.rollBackAndWatch(drill, path, plan, abort, rec, out, stops,
        leaving);
    String recoveredBy = firstName;
    if (watched.left()) {
      recoveredBy = fallback.method().configName();
      out.facts.put("pathsTried", firstName + " (left: " + watched.leftBecause() + ")");
      RollbackPlan second = plan.fallback();
      // Recorded before the fallback changes anything: a crash from here on is restored through the fallback.
      out.via(paths.apply(drill.asFallback()), marking.switchTo(drill, out.marker, fallback.method(), second));
      out.plan = second;
      if (abort.fired()) {
        out.verdict(Verdict.ABORTED, "aborted before the fallback path (" + recoveredBy + "): " + abort.reason());
        return;
      }
      rec.label(recoveredBy + "-");
      watched = rollbackWatch.rollBackAndWatch(drill, out.via, second, abort, rec, out, stops,
          RollbackWatch.Leaving.NEVER);
      out.facts.put("pathsTried", out.facts.get("pathsTried") + "; " + recoveredBy
          + (watched.recoveredAt().isPresent() ? " (recovered)" : " (did not recover)"));
    }
    rec.label("");
    if (watched.recoveredAt().isEmpty()) {
      return;
    }
    if (fallback != null) {
      out.facts.put("recoveredBy", recoveredBy);
    }
    Duration recovery = Duration.ofNanos(watched.recoveredAt().getAsLong() - rollbackStart)
        .truncatedTo(ChronoUnit.MILLIS);
    judge.judge(drill, recovery, rollbackStartedAt, abort, rec, out);
  }

  /**
   * The record of a drill that did not run (SKIPPED: the target was locked; MISSED: a scheduled fire did not
   * happen; FROZEN: a freeze window held it), so the evidence log shows the gap instead of staying silent.
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
