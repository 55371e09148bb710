package io.drillbook.config;

import static io.drillbook.config.ConfigValues.abbreviate;
import static io.drillbook.config.ConfigValues.absoluteHttpUrl;
import static io.drillbook.config.ConfigValues.matching;
import static io.drillbook.config.ConfigValues.path;
import static io.drillbook.config.ConfigValues.present;
import static io.drillbook.config.ConfigValues.required;
import static io.drillbook.config.ConfigValues.resolve;

import io.drillbook.runbook.NamespaceMap;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one entry of {@code drills}: its target, rollback, health, timeouts and evidence log here; its schedule,
 * runbook, GitHub workflow and stop conditions through the readers of those keys.
 */
final class DrillKeys {
  static final Duration DEFAULT_OBJECTIVE = Duration.ofMinutes(5);
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Set<String> DRILL_KEYS = ConfigNode.keys("name", "environment", "target", "method", "freezes",
      "rollback", "restore", "objective", "health", "timeouts", "evidenceLog", "github", "runbook", "sustain",
      "verify", "thresholds", "schedule", "timezone", "misfire", "allowProduction", "stopWhen", "helm",
      "fallback", "fallbackAfter", "alertmanager", "grafana", "gitops");
  private static final Set<String> TARGET_KEYS = ConfigNode.keys("context", "kubeconfig", "namespace", "deployment");
  private static final Set<String> ROLLBACK_KEYS = ConfigNode.keys("toRevision");
  private static final Set<String> HEALTH_KEYS = ConfigNode.keys("url", "expectStatus");
  private static final Set<String> TIMEOUT_KEYS = ConfigNode.keys("rollout", "health", "restore");

  private final ScheduleKeys schedules;
  private final RunbookKeys runbooks;
  private final GitHubKeys gitHub;

  DrillKeys(ScheduleKeys schedules, RunbookKeys runbooks, GitHubKeys gitHub) {
    this.schedules = schedules;
    this.runbooks = runbooks;
    this.gitHub = gitHub;
  }

  DrillConfig drill(ConfigNode node, Path baseDir) throws ConfigException {
    return drill(node, baseDir, NamespaceMap.LITERAL);
  }

  /** @param namespaces maps the namespace of a runbook's helm command to staging, for a drill that names no release */
  DrillConfig drill(ConfigNode node, Path baseDir, NamespaceMap namespaces) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(DRILL_KEYS);
    String name = matching(required(node, keys, "name"), DNS_LABEL, "lowercase letters, digits and dashes");
    String environment = required(node, keys, "environment").nonBlank();
    TargetConfig target = target(required(node, keys, "target"), baseDir);
    RollbackMethod method = RollbackMethod.KUBERNETES;
    if (present(keys, "method")) {
      ConfigNode m = keys.get("method");
      try {
        method = RollbackMethod.fromConfigName(m.nonBlank());
      } catch (IllegalArgumentException e) {
        throw m.error(e.getMessage());
      }
    }
    DrillConfig.Fallback fallback = FallbackKeys.fallback(keys, method);
    OptionalLong toRevision = present(keys, "rollback") ? toRevision(keys.get("rollback")) : OptionalLong.empty();
    if (method == RollbackMethod.RESTART && toRevision.isPresent() && fallback == null) {
      throw keys.get("rollback").error("a restart keeps the running release; 'method: restart' takes no toRevision "
          + "(unless it names a fallback, whose rollback it is)");
    }
    if (fallback != null && fallback.method() == RollbackMethod.HELM && method == RollbackMethod.GITHUB_ACTIONS
        && toRevision.isPresent()) {
      throw keys.get("rollback").error("a github-actions drill falling back to helm counts revisions two ways "
          + "(the Deployment's and the Helm release's): use 'toRevision: previous'");
    }
    boolean restore = !present(keys, "restore") || keys.get("restore").bool();
    Duration objective = present(keys, "objective") ? keys.get("objective").duration() : DEFAULT_OBJECTIVE;
    HealthConfig health = present(keys, "health") ? health(keys.get("health")) : null;
    Timeouts timeouts = present(keys, "timeouts") ? timeouts(keys.get("timeouts")) : Timeouts.DEFAULTS;
    Path configuredLog = present(keys, "evidenceLog")
        ? path(keys.get("evidenceLog"))
        : Path.of("drills", name + ".md");
    Path log = resolve(configuredLog, baseDir);
    String repoPath = configuredLog.normalize().toString().replace('\\', '/');
    WorkflowConfig workflow = null;
    if (method == RollbackMethod.GITHUB_ACTIONS) {
      workflow = gitHub.workflow(required(node, keys, "github"));
    } else if (present(keys, "github")) {
      throw keys.get("github").error("only a drill with 'method: github-actions' takes a 'github' section");
    }
    VerificationConfig verification = runbooks.verification(keys, baseDir);
    HelmConfig helm = null;
    if (method == RollbackMethod.HELM || (fallback != null && fallback.method() == RollbackMethod.HELM)) {
      helm = !present(keys, "helm") && verification != null
          ? runbooks.helmFromRunbook(keys.get("runbook"), verification.runbook(), namespaces, target)
          : HelmKeys.helm(required(node, keys, "helm"), target, baseDir);
    } else if (present(keys, "helm")) {
      throw keys.get("helm").error("only a drill with 'method: helm' (or 'fallback: helm') takes a 'helm' section");
    }
    if (verification != null) {
      health = runbooks.healthFromRunbook(keys.get("runbook"), verification.runbook(), health);
    }
    boolean allowProduction = present(keys, "allowProduction") && keys.get("allowProduction").bool();
    StopConditions stopWhen = present(keys, "stopWhen") ? SafetyKeys.stopWhen(keys.get("stopWhen")) : null;
    if (stopWhen != null && stopWhen.healthFailingFor() != null && health == null) {
      throw keys.get("stopWhen").error("healthFailingFor needs a health check (health.url, or a runbook with one)");
    }
    return new DrillConfig(name, environment, target,
        new DrillConfig.Rollback(method, toRevision, restore, workflow, helm, fallback),
        new DrillConfig.Judging(objective, health, timeouts, verification), new DrillConfig.Evidence(log, repoPath),
        schedules.schedule(keys), new DrillConfig.Safety(allowProduction, stopWhen, new DrillConfig.Signals(
            present(keys, "alertmanager") ? SignalKeys.drillSilence(keys.get("alertmanager")) : null,
            present(keys, "grafana") ? SignalKeys.drillDashboards(keys.get("grafana")) : null),
            present(keys, "gitops") ? GitOpsConfig.DEFAULT.withMode(GitOpsKeys.mode(keys.get("gitops"))) : null));
  }

  /** Whether the drill's own entry says {@code gitops}: then its mode wins over the top level's. */
  static boolean setsGitOps(ConfigNode node) throws ConfigException {
    return present(node.mapping(DRILL_KEYS), "gitops");
  }

  private static TargetConfig target(ConfigNode node, Path baseDir) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(TARGET_KEYS);
    String context = present(keys, "context") ? keys.get("context").nonBlank() : null;
    Path kubeconfig = present(keys, "kubeconfig") ? resolve(path(keys.get("kubeconfig")), baseDir) : null;
    String namespace = matching(required(node, keys, "namespace"), DNS_LABEL,
        "a Kubernetes namespace name (lowercase letters, digits, dashes)");
    String deployment = matching(required(node, keys, "deployment"), DNS_SUBDOMAIN,
        "a Kubernetes object name (lowercase letters, digits, dashes, dots)");
    return new TargetConfig(context, kubeconfig, namespace, deployment);
  }

  private static OptionalLong toRevision(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(ROLLBACK_KEYS);
    if (!present(keys, "toRevision")) {
      return OptionalLong.empty();
    }
    ConfigNode rev = keys.get("toRevision");
    String text = rev.string().trim();
    if (text.equals("previous")) {
      return OptionalLong.empty();
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw rev.error("expected 'previous' or a revision number, found '" + abbreviate(text) + "'");
    }
    if (value < 1) {
      throw rev.error("revision numbers start at 1, found " + value);
    }
    return OptionalLong.of(value);
  }

  private static HealthConfig health(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(HEALTH_KEYS);
    URI url = absoluteHttpUrl(required(node, keys, "url"));
    int status = 200;
    if (present(keys, "expectStatus")) {
      ConfigNode s = keys.get("expectStatus");
      long value = s.integer();
      if (value < 100 || value > 599) {
        throw s.error("expected an HTTP status code (100-599), found " + value);
      }
      status = (int) value;
    }
    return new HealthConfig(url, status);
  }

  private static Timeouts timeouts(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(TIMEOUT_KEYS);
    Duration rollout = present(keys, "rollout") ? keys.get("rollout").duration() : Timeouts.DEFAULTS.rollout();
    Duration health = present(keys, "health") ? keys.get("health").duration() : Timeouts.DEFAULTS.health();
    // The restore may take as long as a rollout unless told otherwise.
    Duration restore = present(keys, "restore") ? keys.get("restore").duration() : rollout;
    return new Timeouts(rollout, health, restore);
  }
}
