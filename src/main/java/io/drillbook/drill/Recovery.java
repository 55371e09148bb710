package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.TargetConfig;
import io.drillbook.time.Timing;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Crash recovery: finds drill-in-progress markers whose drill will never finish (its holder's Lease has lapsed,
 * whatever the marker's deadline says), takes the target's lock, rolls the target forward to the original release
 * with the drill's own restore ({@link DrillEngine#restoreFor}), removes the marker and appends the dead drill's
 * ABORTED entry. Markers of drills whose holder still renews its Lease are reported and left alone.
 */
public final class Recovery {
  private final MarkerStore markers;
  private final TargetLock locks;
  private final DrillService evidence;
  private final Timing timing;

  /**
   * @param locks the targets' drill locks: read to tell a dead holder from a live one, taken while restoring
   * @param evidence appends the ABORTED entries, through the same sinks (and follow-ups) as every drill
   */
  public Recovery(MarkerStore markers, TargetLock locks, DrillService evidence, Timing timing) {
    this.markers = markers;
    this.locks = locks;
    this.evidence = evidence;
    this.timing = timing;
  }

  /** How one marked target ended up. */
  public enum Outcome {
    /** The drill was dead: staging is on its original release again, the marker is gone, the entry appended. */
    RECOVERED,
    /** The drill may still be running (its holder still renews the lease; without a lease: deadline ahead). */
    IN_PROGRESS,
    /** The drill was dead but restoring failed: staging is still not on its original release; marker kept. */
    NOT_RESTORED,
    /** Nothing could be decided (cluster unreachable, unreadable marker, target busy): left alone. */
    UNCHECKED
  }

  /**
   * @param target {@code namespace/deployment}
   * @param drillId the marked drill's id, or null when the marker could not be read
   * @param message one line saying what was found and done
   * @param evidenceLocation where the ABORTED entry went, or null when none was appended
   */
  public record Found(String target, Outcome outcome, String drillId, String message, String evidenceLocation) {}

  /** What to do with a readable marker when no lock judges its holder: the marker's deadline decides. */
  record Decision(boolean recover, String why) {}

  static Decision byDeadline(InProgressMarker marker, Instant now) {
    if (!marker.overdue(now)) {
      return new Decision(false, "drill " + marker.drillId() + " in progress, held by " + marker.holder() + " until "
          + marker.deadline());
    }
    return new Decision(true, "drill " + marker.drillId() + " held by " + marker.holder()
        + " did not finish (deadline " + marker.deadline() + ")");
  }

  /**
   * Looks at the target of every given drill once and recovers what is dead.
   *
   * @param trigger what is recovering, for the entries' reason, e.g. {@code drillbook recover}
   * @return one finding per target that carries a marker or could not be checked; empty when nothing was marked
   */
  public List<Found> run(List<DrillConfig> drills, String trigger) {
    Map<String, List<DrillConfig>> byTarget = new LinkedHashMap<>();
    drills.forEach(d -> byTarget.computeIfAbsent(d.target().qualifiedName(), k -> new ArrayList<>()).add(d));
    List<Found> found = new ArrayList<>();
    byTarget.values().forEach(ds -> check(ds, trigger).ifPresent(found::add));
    return found;
  }

  private Optional<Found> check(List<DrillConfig> drills, String trigger) {
    TargetConfig target = drills.get(0).target();
    String name = target.qualifiedName();
    String raw;
    try {
      raw = markers.read(target);
    } catch (InfrastructureException e) {
      return Optional.of(new Found(name, Outcome.UNCHECKED, null, "cannot check for a drill-in-progress marker: "
          + e.getMessage(), null));
    }
    if (raw == null) {
      return Optional.empty();
    }
    InProgressMarker marker;
    try {
      marker = InProgressMarker.parse(raw);
    } catch (IllegalArgumentException e) {
      return Optional.of(new Found(name, Outcome.UNCHECKED, null, e.getMessage() + "; check the deployment and "
          + "remove it by hand with 'kubectl -n " + target.namespace() + " annotate deployment/" + target.deployment()
          + " " + InProgressMarker.ANNOTATION + "-'", null));
    }
    Decision deadline = null;
    if (!locks.judgesHolders()) {
      deadline = byDeadline(marker, timing.now());
      if (!deadline.recover()) {
        return found(name, Outcome.IN_PROGRESS, marker, deadline.why());
      }
    }
    TargetLock.Attempt lock;
    try {
      lock = locks.tryAcquire(target, "recover-" + marker.drillId());
    } catch (InfrastructureException e) {
      return found(name, Outcome.UNCHECKED, marker, "cannot tell whether drill " + marker.drillId()
          + " is still running: the target's lock cannot be read or taken: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return found(name, Outcome.UNCHECKED, marker, "interrupted while judging the lock of drill "
          + marker.drillId());
    }
    if (!lock.acquired()) {
      if (lock.heldBy().startsWith(marker.holder() + " ")) {
        return found(name, Outcome.IN_PROGRESS, marker, "drill " + marker.drillId() + " in progress: its holder "
            + lock.heldBy() + " still renews the target's lock (deadline " + marker.deadline() + ")");
      }
      return found(name, Outcome.UNCHECKED, marker, "drill " + marker.drillId() + " held by " + marker.holder()
          + " left its marker, but another drillbook process holds the target's lock now: " + lock.heldBy());
    }
    String why = deadline != null ? deadline.why()
        : "drill " + marker.drillId() + " held by " + marker.holder() + " is dead (lock: " + lock.found() + ")";
    try (TargetLock.Held held = lock.held()) {
      String now = markers.read(target);
      if (!raw.equals(now)) {
        // Its drill finished (or another recovery did) between our first look and taking the lock.
        return now == null ? Optional.empty() : found(name, Outcome.UNCHECKED, marker, "the drill-in-progress "
            + "marker changed while the target's lock was being taken; run 'drillbook recover' again");
      }
      return Optional.of(restore(drills, marker, raw, why, trigger, held));
    } catch (InfrastructureException e) {
      return found(name, Outcome.UNCHECKED, marker, "cannot read the drill-in-progress marker again: "
          + e.getMessage());
    }
  }

  private Found restore(List<DrillConfig> drills, InProgressMarker m, String raw, String why, String trigger,
      TargetLock.Held lease) {
    DrillConfig drill = drills.stream().filter(d -> d.name().equals(m.drill())).findFirst().orElse(drills.get(0));
    TargetConfig target = drill.target();
    Instant startedAt = timing.now();
    long start = timing.nanos();
    RollbackPlan plan = new RollbackPlan(m.fromRevision(), m.fromImage(), m.toRevision(),
        m.toImage().isEmpty() ? null : m.toImage(), false, null);
    Restoration.Result result = evidence.engine().restoreFor(drill, m.restoreMethod(), plan, m.drillId(), lease);
    if (result.interrupted()) {
      Thread.currentThread().interrupt();
    }
    boolean restored = result.restored();
    String detail = result.detail();
    String name = target.qualifiedName();
    // The owners are put back whatever the restore did: left suspended, they would stay so unnoticed, and resumed
    // they roll staging forward to what Git says.
    Map<String, String> resumed = evidence.engine().resumeFor(m);
    String resumeError = resumed.get(GitOpsGuard.RESUME_ERROR);
    String resumeNote = resumed.containsKey(GitOpsGuard.RESUMED) ? "; " + resumed.get(GitOpsGuard.RESUMED) : "";
    if (!restored) {
      return new Found(name, Outcome.NOT_RESTORED, m.drillId(), why + "; STAGING NOT RESTORED: " + detail
          + resumeNote + (resumeError == null ? "" : "; " + resumeError)
          + "; the marker stays for the next 'drillbook recover'", null);
    }
    if (resumeError != null) {
      return new Found(name, Outcome.NOT_RESTORED, m.drillId(), why + "; " + detail + "; BUT " + resumeError
          + "; the marker stays for the next 'drillbook recover'", null);
    }
    detail += resumeNote;
    Map<String, String> facts = new LinkedHashMap<>(result.facts());
    facts.putAll(resumed);
    String markerNote = "";
    try {
      if (!markers.remove(target, raw)) {
        markerNote = " (the marker had already been replaced)";
      }
    } catch (InfrastructureException e) {
      markerNote = " (the marker could not be removed: " + e.getMessage() + ")";
    }
    Duration took = Duration.ofNanos(timing.nanos() - start).truncatedTo(ChronoUnit.MILLIS);
    DrillRecord record = aborted(drill, m, "recovered by " + trigger + ": " + why + "; " + detail, detail,
        new PhaseResult("restore", startedAt, took, true, detail), facts);
    DrillService.DrillRun run = evidence.recordFinished(drill, record);
    String message = why + "; " + detail + markerNote;
    return new Found(name, Outcome.RECOVERED, m.drillId(), run.evidenceLocation() == null
        ? message + "; the ABORTED entry was NOT appended: " + run.evidenceError() : message, run.evidenceLocation());
  }

  /** The dead drill's own entry, as it would have written it had it been aborted: its id, start and plan. */
  private static DrillRecord aborted(DrillConfig drill, InProgressMarker m, String reason, String detail,
      PhaseResult phase, Map<String, String> restoreFacts) {
    String method = m.method().isEmpty() ? drill.method().configName() : m.method();
    String environment = m.environment().isEmpty() ? drill.environment() : m.environment();
    TargetConfig target = drill.target();
    return new DrillRecord(new DrillRecord.Subject(m.drillId(), m.drill(), method, environment, target.namespace(),
        target.deployment(), m.startedAt().truncatedTo(ChronoUnit.MILLIS)),
        new DrillRecord.Judgement(Verdict.ABORTED, reason, null, drill.objective()),
        new DrillRecord.Rollback(m.fromRevision(), m.toRevision(), m.fromImage(),
            m.toImage().isEmpty() ? null : m.toImage()),
        new DrillRecord.Restore(true, detail), new DrillRecord.Trail(List.of(phase),
            List.of(new CheckResult("restored", true, detail)), facts(restoreFacts, m.holder())));
  }

  /** What the restore learned (a Helm revision, a workflow run), then whose drill this was. */
  private static Map<String, String> facts(Map<String, String> restoreFacts, String holder) {
    Map<String, String> facts = new java.util.LinkedHashMap<>(restoreFacts);
    facts.put("recoveredFrom", holder);
    return facts;
  }

  private static Optional<Found> found(String target, Outcome outcome, InProgressMarker m, String message) {
    return Optional.of(new Found(target, outcome, m.drillId(), message, null));
  }
}
