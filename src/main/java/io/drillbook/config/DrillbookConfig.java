package io.drillbook.config;

import io.drillbook.freeze.Freezes;
import io.drillbook.runbook.NamespaceMap;
import java.util.List;
import java.util.Optional;

/**
 * A loaded {@code drillbook.yaml}.
 *
 * @param source where it was read from (for messages)
 * @param drills declared drills, in file order
 * @param github how to reach GitHub (defaults: api.github.com and {@code GITHUB_TOKEN})
 * @param followUp where failed drills open follow-up issues; null when follow-ups are off
 * @param evidence where entries are appended
 * @param prometheus where runbook thresholds are evaluated; null when no drill verifies with Prometheus
 * @param scheduler how {@code drillbook schedule} keeps its schedule
 * @param safety the production guard's patterns
 * @param runbookNamespaces the staging namespace of each (production) namespace the runbooks name, for drills that
 *     take their Helm release from a runbook and for the drift audit
 * @param alertmanager where drills read alerts and silence their target; null when none is configured
 * @param grafana where drills annotate dashboards; null when none is configured
 * @param notifications the webhooks drills report their verdicts to
 * @param freezes when each drill must not run ({@link Freezes#NONE} when the config declares no freezes)
 */
public record DrillbookConfig(
    String source, List<DrillConfig> drills, GitHubConnection github, FollowUpConfig followUp,
    EvidenceStoreConfig evidence, PrometheusConfig prometheus, SchedulerConfig scheduler, SafetyConfig safety,
    NamespaceMap runbookNamespaces, AlertmanagerConfig alertmanager, GrafanaConfig grafana,
    List<NotificationConfig> notifications, Freezes freezes) {
  public DrillbookConfig {
    freezes = freezes == null ? Freezes.NONE : freezes;
    notifications = notifications == null ? List.of() : List.copyOf(notifications);
    runbookNamespaces = runbookNamespaces == null ? NamespaceMap.LITERAL : runbookNamespaces;
    drills = List.copyOf(drills);
    github = github == null ? GitHubConnection.DEFAULT : github;
    evidence = evidence == null ? EvidenceStoreConfig.LOCAL : evidence;
    scheduler = scheduler == null ? SchedulerConfig.DEFAULT : scheduler;
    safety = safety == null ? SafetyConfig.DEFAULT : safety;
  }

  /** A config without freeze windows. */
  public DrillbookConfig(String source, List<DrillConfig> drills, GitHubConnection github, FollowUpConfig followUp,
      EvidenceStoreConfig evidence, PrometheusConfig prometheus, SchedulerConfig scheduler, SafetyConfig safety,
      NamespaceMap runbookNamespaces, AlertmanagerConfig alertmanager, GrafanaConfig grafana,
      List<NotificationConfig> notifications) {
    this(source, drills, github, followUp, evidence, prometheus, scheduler, safety, runbookNamespaces, alertmanager,
        grafana, notifications, Freezes.NONE);
  }

  /** A config without Alertmanager or Grafana. */
  public DrillbookConfig(String source, List<DrillConfig> drills, GitHubConnection github, FollowUpConfig followUp,
      EvidenceStoreConfig evidence, PrometheusConfig prometheus, SchedulerConfig scheduler, SafetyConfig safety,
      NamespaceMap runbookNamespaces) {
    this(source, drills, github, followUp, evidence, prometheus, scheduler, safety, runbookNamespaces, null, null,
        List.of());
  }

  /** A config with the default safety patterns. */
  public DrillbookConfig(String source, List<DrillConfig> drills, GitHubConnection github, FollowUpConfig followUp,
      EvidenceStoreConfig evidence, PrometheusConfig prometheus, SchedulerConfig scheduler) {
    this(source, drills, github, followUp, evidence, prometheus, scheduler, SafetyConfig.DEFAULT);
  }

  /** A config whose runbooks' namespaces are taken literally. */
  public DrillbookConfig(String source, List<DrillConfig> drills, GitHubConnection github, FollowUpConfig followUp,
      EvidenceStoreConfig evidence, PrometheusConfig prometheus, SchedulerConfig scheduler, SafetyConfig safety) {
    this(source, drills, github, followUp, evidence, prometheus, scheduler, safety, NamespaceMap.LITERAL);
  }

  /** This config with {@code others} as its drills. */
  public DrillbookConfig withDrills(List<DrillConfig> others) {
    return new DrillbookConfig(source, others, github, followUp, evidence, prometheus, scheduler, safety,
        runbookNamespaces, alertmanager, grafana, notifications, freezes);
  }

  /** Whether any drill or feature needs GitHub. */
  public boolean usesGitHub() {
    return followUp != null || evidence.store() == EvidenceStoreConfig.Store.GITHUB
        || drills.stream().anyMatch(d -> d.workflow() != null);
  }

  public Optional<DrillConfig> drill(String name) {
    return drills.stream().filter(d -> d.name().equals(name)).findFirst();
  }

  public List<String> drillNames() {
    return drills.stream().map(DrillConfig::name).toList();
  }
}
