package io.drillbook.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One declared drill.
 *
 * @param name unique drill name (lowercase letters, digits, dashes)
 * @param environment environment label, e.g. {@code staging}
 * @param target the Deployment to roll back
 * @param method how to roll back
 * @param toRevision revision to roll back to; empty means the previous revision (kubectl's default)
 * @param restore whether to roll forward to the original revision afterwards
 * @param objective recovery longer than this fails the drill
 * @param health health check after the rollback; null when the drill has none
 * @param timeouts per-phase timeouts
 * @param evidenceLog the markdown log entries are appended to (resolved against the config file's folder)
 * @param evidencePath the log's path as configured, relative to a repository root (for the github store)
 * @param workflow the workflow a {@code github-actions} drill dispatches; null for other methods
 * @param verification runbook verification (thresholds in Prometheus, logs), or null for none
 * @param schedule when {@code drillbook schedule} runs it, or null for on-demand only
 * @param allowProduction the drill may run against a target that looks like production (the command line must
 *     also pass {@code --allow-production})
 * @param stopWhen conditions that abort the drill while it runs ({@link StopConditions#NONE} for none)
 */
public record DrillConfig(
    String name,
    String environment,
    TargetConfig target,
    RollbackMethod method,
    OptionalLong toRevision,
    boolean restore,
    Duration objective,
    HealthConfig health,
    Timeouts timeouts,
    Path evidenceLog,
    String evidencePath,
    WorkflowConfig workflow,
    VerificationConfig verification,
    ScheduleConfig schedule,
    boolean allowProduction,
    StopConditions stopWhen) {

  public DrillConfig {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(environment, "'environment' must not be null");
    Objects.requireNonNull(target, "'target' must not be null");
    Objects.requireNonNull(method, "'method' must not be null");
    Objects.requireNonNull(toRevision, "'toRevision' must not be null");
    Objects.requireNonNull(objective, "'objective' must not be null");
    Objects.requireNonNull(timeouts, "'timeouts' must not be null");
    Objects.requireNonNull(evidenceLog, "'evidenceLog' must not be null");
    Objects.requireNonNull(evidencePath, "'evidencePath' must not be null");
    stopWhen = stopWhen == null ? StopConditions.NONE : stopWhen;
    if ((method == RollbackMethod.GITHUB_ACTIONS) != (workflow != null)) {
      throw new IllegalArgumentException("a workflow is required for, and only for, method github-actions");
    }
  }

  /** A drill without production permission or stop conditions. */
  public DrillConfig(String name, String environment, TargetConfig target, RollbackMethod method,
      OptionalLong toRevision, boolean restore, Duration objective, HealthConfig health, Timeouts timeouts,
      Path evidenceLog, String evidencePath, WorkflowConfig workflow, VerificationConfig verification,
      ScheduleConfig schedule) {
    this(name, environment, target, method, toRevision, restore, objective, health, timeouts, evidenceLog,
        evidencePath, workflow, verification, schedule, false, StopConditions.NONE);
  }
}
