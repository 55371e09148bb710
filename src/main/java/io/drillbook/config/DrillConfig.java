package io.drillbook.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One declared drill, in small named parts; every setting keeps its accessor on the drill itself.
 *
 * @param name unique drill name (lowercase letters, digits, dashes)
 * @param environment environment label, e.g. {@code staging}
 * @param target the Deployment to roll back
 * @param rollback how to roll back and whether to restore
 * @param judging what the drill is judged against and how long each wait may take
 * @param evidence where its entries go
 * @param schedule when {@code drillbook schedule} runs it, or null for on-demand only
 * @param safety production permission and the conditions that stop it
 */
public record DrillConfig(String name, String environment, TargetConfig target, Rollback rollback, Judging judging,
    Evidence evidence, ScheduleConfig schedule, Safety safety) {

  /**
   * @param method how to roll back
   * @param toRevision revision to roll back to; empty means the previous revision (kubectl's default)
   * @param restore whether to roll forward to the original revision afterwards
   * @param workflow the workflow a {@code github-actions} drill dispatches; null for other methods
   * @param helm the release a {@code helm} drill (or a drill falling back to helm) rolls back (its revisions are
   *     then Helm's); null otherwise
   * @param fallback the path the runbook takes when this one gives up, or null for none
   */
  public record Rollback(RollbackMethod method, OptionalLong toRevision, boolean restore, WorkflowConfig workflow,
      HelmConfig helm, Fallback fallback) {
    public Rollback {
      Objects.requireNonNull(method, "'method' must not be null");
      Objects.requireNonNull(toRevision, "'toRevision' must not be null");
      if ((method == RollbackMethod.GITHUB_ACTIONS) != (workflow != null)) {
        throw new IllegalArgumentException("a workflow is required for, and only for, method github-actions");
      }
      boolean usesHelm = method == RollbackMethod.HELM
          || (fallback != null && fallback.method() == RollbackMethod.HELM);
      if (usesHelm != (helm != null)) {
        throw new IllegalArgumentException("a Helm release is required for, and only for, method helm (or a helm "
            + "fallback)");
      }
      if (fallback != null && !fallback.allowedAfter(method)) {
        throw new IllegalArgumentException("no fallback from " + method.configName() + " to "
            + fallback.method().configName());
      }
    }

    /** A rollback with no fallback. */
    public Rollback(RollbackMethod method, OptionalLong toRevision, boolean restore, WorkflowConfig workflow,
        HelmConfig helm) {
      this(method, toRevision, restore, workflow, helm, null);
    }

    /** A rollback through the Kubernetes API or a workflow. */
    public Rollback(RollbackMethod method, OptionalLong toRevision, boolean restore, WorkflowConfig workflow) {
      this(method, toRevision, restore, workflow, null);
    }
  }

  /**
   * The runbook's second path: "if secrets are missing, fall back to Helm rollback", "restart, then rollback if
   * restart fails".
   *
   * @param method the fallback path: helm or kubernetes
   * @param after github-actions: how long a run may wait for an environment approval; restart: how long the
   *     restarted pods get to roll out and answer healthy. Null: the drill's own timeouts decide
   */
  public record Fallback(RollbackMethod method, Duration after) {
    public Fallback {
      Objects.requireNonNull(method, "'fallback' must not be null");
    }

    /** The fallbacks the runbook's decisions allow: github-actions to helm or kubernetes, restart to either. */
    public boolean allowedAfter(RollbackMethod primary) {
      boolean rollsBack = method == RollbackMethod.HELM || method == RollbackMethod.KUBERNETES;
      return rollsBack && (primary == RollbackMethod.GITHUB_ACTIONS || primary == RollbackMethod.RESTART);
    }
  }

  /**
   * @param objective recovery longer than this fails the drill
   * @param health health check after the rollback; null when the drill has none
   * @param timeouts per-phase timeouts
   * @param verification runbook verification (thresholds in Prometheus, logs), or null for none
   */
  public record Judging(Duration objective, HealthConfig health, Timeouts timeouts, VerificationConfig verification) {
    public Judging {
      Objects.requireNonNull(objective, "'objective' must not be null");
      Objects.requireNonNull(timeouts, "'timeouts' must not be null");
    }
  }

  /**
   * @param log the markdown log entries are appended to (resolved against the config file's folder)
   * @param path the log's path as configured, relative to a repository root (for the github store)
   */
  public record Evidence(Path log, String path) {
    public Evidence {
      Objects.requireNonNull(log, "'evidenceLog' must not be null");
      Objects.requireNonNull(path, "'evidencePath' must not be null");
    }
  }

  /**
   * @param allowProduction the drill may run against a target that looks like production (the command line must
   *     also pass {@code --allow-production})
   * @param stopWhen conditions that abort the drill while it runs ({@link StopConditions#NONE} for none)
   * @param gitops what the drill does when Argo CD or Flux reconciles its target ({@link GitOpsConfig#DEFAULT}:
   *     refuse)
   */
  public record Safety(boolean allowProduction, StopConditions stopWhen, Signals signals, GitOpsConfig gitops) {
    /** No production permission, no stop conditions. */
    public static final Safety NONE = new Safety(false, StopConditions.NONE);

    public Safety {
      stopWhen = stopWhen == null ? StopConditions.NONE : stopWhen;
      signals = signals == null ? Signals.NONE : signals;
      gitops = gitops == null ? GitOpsConfig.DEFAULT : gitops;
    }

    public Safety(boolean allowProduction, StopConditions stopWhen, Signals signals) {
      this(allowProduction, stopWhen, signals, GitOpsConfig.DEFAULT);
    }

    public Safety(boolean allowProduction, StopConditions stopWhen) {
      this(allowProduction, stopWhen, Signals.NONE);
    }
  }

  /**
   * What a drill tells others while it runs, so a drill on purpose does not page people as an outage would.
   *
   * @param silence whether it silences its target's alerts in Alertmanager for its duration; null when the drill
   *     does not say (the top-level {@code alertmanager.silence} decides)
   * @param dashboards the Grafana dashboard UIDs it annotates; null when the drill does not say (the top-level
   *     {@code grafana.dashboards} decide)
   */
  public record Signals(Boolean silence, List<String> dashboards) {
    public static final Signals NONE = new Signals(null, null);

    public Signals {
      dashboards = dashboards == null ? null : List.copyOf(dashboards);
    }
  }

  /** This drill with its own signal settings resolved against the config's defaults. */
  public DrillConfig withSignals(Signals resolved) {
    return new DrillConfig(name, environment, target, rollback, judging, evidence, schedule,
        new Safety(safety.allowProduction(), safety.stopWhen(), resolved, safety.gitops()));
  }

  /** This drill with its GitOps handling resolved against the config's top-level {@code gitops}. */
  public DrillConfig withGitOps(GitOpsConfig resolved) {
    return new DrillConfig(name, environment, target, rollback, judging, evidence, schedule,
        new Safety(safety.allowProduction(), safety.stopWhen(), safety.signals(), resolved));
  }

  /** What the drill does when Argo CD or Flux reconciles its target. */
  public GitOpsConfig gitops() {
    return safety.gitops();
  }

  public Signals signals() {
    return safety.signals();
  }

  public DrillConfig {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(environment, "'environment' must not be null");
    Objects.requireNonNull(target, "'target' must not be null");
    Objects.requireNonNull(rollback, "'rollback' must not be null");
    Objects.requireNonNull(judging, "'judging' must not be null");
    Objects.requireNonNull(evidence, "'evidence' must not be null");
    safety = safety == null ? Safety.NONE : safety;
  }

  /** This drill aimed at {@code other} (the command line's cluster flags, or a sandbox). */
  public DrillConfig withTarget(TargetConfig other) {
    return new DrillConfig(name, environment, other, rollback, judging, evidence, schedule, safety);
  }

  public RollbackMethod method() {
    return rollback.method();
  }

  /** The runbook's second path when this drill's gives up, or null. */
  public Fallback fallback() {
    return rollback.fallback();
  }

  /**
   * This drill as its fallback path runs it: the same target, checks and evidence, rolled back by the fallback's
   * method (a helm fallback with the drill's Helm release).
   *
   * @throws IllegalStateException when the drill names no fallback
   */
  public DrillConfig asFallback() {
    if (rollback.fallback() == null) {
      throw new IllegalStateException("drill " + name + " names no fallback");
    }
    RollbackMethod method = rollback.fallback().method();
    Rollback second = new Rollback(method, rollback.toRevision(), rollback.restore(), null,
        method == RollbackMethod.HELM ? rollback.helm() : null, null);
    return new DrillConfig(name, environment, target, second, judging, evidence, schedule, safety);
  }

  public OptionalLong toRevision() {
    return rollback.toRevision();
  }

  public boolean restore() {
    return rollback.restore();
  }

  public HelmConfig helm() {
    return rollback.helm();
  }

  public WorkflowConfig workflow() {
    return rollback.workflow();
  }

  public Duration objective() {
    return judging.objective();
  }

  public HealthConfig health() {
    return judging.health();
  }

  public Timeouts timeouts() {
    return judging.timeouts();
  }

  public VerificationConfig verification() {
    return judging.verification();
  }

  public Path evidenceLog() {
    return evidence.log();
  }

  public String evidencePath() {
    return evidence.path();
  }

  public boolean allowProduction() {
    return safety.allowProduction();
  }

  public StopConditions stopWhen() {
    return safety.stopWhen();
  }
}
