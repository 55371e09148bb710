package io.drillbook.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one drill run established: the evidence entry, the JSON output and the audit all read this. It is
 * made of small named parts; the accessors of every field are kept on the record itself for readers.
 *
 * @param subject which drill ran, on what, when
 * @param judgement the verdict and what it was judged against
 * @param rollback what was rolled back from and to
 * @param restore how the restore ended
 * @param trail the timed phases, checks and further facts, in the order they happened
 */
public record DrillRecord(Subject subject, Judgement judgement, Rollback rollback, Restore restore, Trail trail) {

  /**
   * @param drillId unique id of this run
   * @param drill configured drill name
   * @param method rollback method, e.g. {@code kubernetes}
   * @param environment configured environment, e.g. {@code staging}
   * @param namespace target namespace
   * @param deployment target Deployment name
   * @param startedAt when the drill started (UTC, millisecond precision)
   */
  public record Subject(String drillId, String drill, String method, String environment, String namespace,
      String deployment, Instant startedAt) {
    public Subject {
      Objects.requireNonNull(drillId, "'drillId' must not be null");
      Objects.requireNonNull(drill, "'drill' must not be null");
      Objects.requireNonNull(method, "'method' must not be null");
      Objects.requireNonNull(startedAt, "'startedAt' must not be null");
      environment = environment == null ? "" : environment;
      namespace = namespace == null ? "" : namespace;
      deployment = deployment == null ? "" : deployment;
    }

    /** The subject of a run of {@code drill} under {@code drillId}, started at {@code startedAt}. */
    public static Subject of(String drillId, io.drillbook.config.DrillConfig drill, Instant startedAt) {
      return new Subject(drillId, drill.name(), drill.method().configName(), drill.environment(),
          drill.target().namespace(), drill.target().deployment(), startedAt);
    }
  }

  /**
   * @param verdict how the drill ended
   * @param reason one sentence saying why the verdict is what it is
   * @param recovery rollback start until rolled out and healthy; null when recovery never completed
   * @param objective the recovery objective the drill was judged against
   */
  public record Judgement(Verdict verdict, String reason, Duration recovery, Duration objective) {
    public Judgement {
      Objects.requireNonNull(verdict, "'verdict' must not be null");
      Objects.requireNonNull(objective, "'objective' must not be null");
      reason = reason == null ? "" : reason;
    }
  }

  /**
   * @param fromRevision revision running before the drill (the one rolled back from); null if unknown
   * @param toRevision revision rolled back to; null if unknown
   * @param fromImage container image(s) before the drill; null if unknown
   * @param toImage container image(s) of the rollback target; null if unknown
   */
  public record Rollback(Long fromRevision, Long toRevision, String fromImage, String toImage) {
    /** Nothing was planned (the drill stopped before preflight knew the revisions). */
    public static final Rollback UNKNOWN = new Rollback(null, null, null, null);
  }

  /**
   * @param restored whether staging ended on the original template (true also when nothing was changed)
   * @param detail what the restore did, in one sentence
   */
  public record Restore(boolean restored, String detail) {
    public Restore {
      detail = detail == null ? "" : detail;
    }
  }

  /**
   * @param phases timed phases in the order they ran
   * @param checks judgements in the order they were made
   * @param facts further named values, in insertion order, that some methods and features add (e.g. {@code runUrl},
   *     {@code headSha}, {@code followUpIssue}); keys are JSON-style names; those code reads back are {@link Fact}s
   */
  public record Trail(List<PhaseResult> phases, List<CheckResult> checks, Map<String, String> facts) {
    public Trail {
      phases = List.copyOf(phases == null ? List.of() : phases);
      checks = List.copyOf(checks == null ? List.of() : checks);
      facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts == null ? Map.of() : facts));
    }
  }

  public DrillRecord {
    Objects.requireNonNull(subject, "'subject' must not be null");
    Objects.requireNonNull(judgement, "'judgement' must not be null");
    rollback = rollback == null ? Rollback.UNKNOWN : rollback;
    Objects.requireNonNull(restore, "'restore' must not be null");
    trail = trail == null ? new Trail(List.of(), List.of(), Map.of()) : trail;
  }

  /** A copy with {@code key} set to {@code value} (added last, or replaced in place). */
  public DrillRecord withFact(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(trail.facts());
    more.put(Objects.requireNonNull(key, "'key' must not be null"),
        Objects.requireNonNull(value, "'value' must not be null"));
    return new DrillRecord(subject, judgement, rollback, restore, new Trail(trail.phases(), trail.checks(), more));
  }

  /** A copy with every one of {@code facts} set, in their order, as {@link #withFact} sets one. */
  public DrillRecord withFacts(Map<String, String> facts) {
    DrillRecord with = this;
    for (Map.Entry<String, String> fact : facts.entrySet()) {
      with = with.withFact(fact.getKey(), fact.getValue());
    }
    return with;
  }

  public String drillId() {
    return subject.drillId();
  }

  public String drill() {
    return subject.drill();
  }

  public String method() {
    return subject.method();
  }

  public String environment() {
    return subject.environment();
  }

  public String namespace() {
    return subject.namespace();
  }

  public String deployment() {
    return subject.deployment();
  }

  public Instant startedAt() {
    return subject.startedAt();
  }

  public Verdict verdict() {
    return judgement.verdict();
  }

  public String reason() {
    return judgement.reason();
  }

  public Duration recovery() {
    return judgement.recovery();
  }

  public Duration objective() {
    return judgement.objective();
  }

  public Long fromRevision() {
    return rollback.fromRevision();
  }

  public Long toRevision() {
    return rollback.toRevision();
  }

  public String fromImage() {
    return rollback.fromImage();
  }

  public String toImage() {
    return rollback.toImage();
  }

  public boolean restored() {
    return restore.restored();
  }

  public String restoreDetail() {
    return restore.detail();
  }

  public List<PhaseResult> phases() {
    return trail.phases();
  }

  public List<CheckResult> checks() {
    return trail.checks();
  }

  public Map<String, String> facts() {
    return trail.facts();
  }

  /** Recovery in seconds with millisecond precision, or null when recovery never completed. */
  public Double recoverySeconds() {
    Duration recovery = judgement.recovery();
    return recovery == null ? null : recovery.toMillis() / 1000.0;
  }

  /** Objective in seconds. */
  public double objectiveSeconds() {
    return judgement.objective().toMillis() / 1000.0;
  }
}
