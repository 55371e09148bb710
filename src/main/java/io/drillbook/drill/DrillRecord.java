package io.drillbook.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one drill run established: the evidence entry, the JSON output and the audit all read this.
 *
 * @param drillId unique id of this run
 * @param drill configured drill name
 * @param method rollback method, e.g. {@code kubernetes}
 * @param environment configured environment, e.g. {@code staging}
 * @param namespace target namespace
 * @param deployment target Deployment name
 * @param startedAt when the drill started (UTC, millisecond precision)
 * @param verdict how the drill ended
 * @param reason one sentence saying why the verdict is what it is
 * @param recovery rollback start until rolled out and healthy; null when recovery never completed
 * @param objective the recovery objective the drill was judged against
 * @param fromRevision revision running before the drill (the one rolled back from); null if unknown
 * @param toRevision revision rolled back to; null if unknown
 * @param fromImage container image(s) before the drill; null if unknown
 * @param toImage container image(s) of the rollback target; null if unknown
 * @param restored whether staging ended on the original template (true also when nothing was changed)
 * @param restoreDetail what the restore did, in one sentence
 * @param phases timed phases in the order they ran
 * @param checks judgements in the order they were made
 * @param facts further named values, in insertion order, that some methods and features add (e.g.
 *     {@code runUrl}, {@code headSha}, {@code followUpIssue}); keys are JSON-style names
 */
public record DrillRecord(
    String drillId,
    String drill,
    String method,
    String environment,
    String namespace,
    String deployment,
    Instant startedAt,
    Verdict verdict,
    String reason,
    Duration recovery,
    Duration objective,
    Long fromRevision,
    Long toRevision,
    String fromImage,
    String toImage,
    boolean restored,
    String restoreDetail,
    List<PhaseResult> phases,
    List<CheckResult> checks,
    Map<String, String> facts) {

  public DrillRecord {
    Objects.requireNonNull(drillId, "'drillId' must not be null");
    Objects.requireNonNull(drill, "'drill' must not be null");
    Objects.requireNonNull(method, "'method' must not be null");
    Objects.requireNonNull(startedAt, "'startedAt' must not be null");
    Objects.requireNonNull(verdict, "'verdict' must not be null");
    Objects.requireNonNull(objective, "'objective' must not be null");
    environment = environment == null ? "" : environment;
    namespace = namespace == null ? "" : namespace;
    deployment = deployment == null ? "" : deployment;
    reason = reason == null ? "" : reason;
    restoreDetail = restoreDetail == null ? "" : restoreDetail;
    phases = List.copyOf(phases == null ? List.of() : phases);
    checks = List.copyOf(checks == null ? List.of() : checks);
    facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts == null ? Map.of() : facts));
  }

  /** A copy with {@code key} set to {@code value} (added last, or replaced in place). */
  public DrillRecord withFact(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(facts);
    more.put(Objects.requireNonNull(key, "'key' must not be null"), Objects.requireNonNull(value, "'value' must not be null"));
    return new DrillRecord(drillId, drill, method, environment, namespace, deployment, startedAt, verdict, reason,
        recovery, objective, fromRevision, toRevision, fromImage, toImage, restored, restoreDetail, phases, checks,
        more);
  }

  /** Recovery in seconds with millisecond precision, or null when recovery never completed. */
  public Double recoverySeconds() {
    return recovery == null ? null : recovery.toMillis() / 1000.0;
  }

  /** Objective in seconds. */
  public double objectiveSeconds() {
    return objective.toMillis() / 1000.0;
  }
}
