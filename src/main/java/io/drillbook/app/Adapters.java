package io.drillbook.app;

import io.drillbook.alertmanager.AlertmanagerClient;
import io.drillbook.config.AlertmanagerConfig;
import io.drillbook.config.DrillConfig;
import io.drillbook.config.DrillbookConfig;
import io.drillbook.config.EvidenceStoreConfig;
import io.drillbook.config.GitHubConnection;
import io.drillbook.config.PrometheusConfig;
import io.drillbook.drill.AlertSource;
import io.drillbook.drill.ClusterException;
import io.drillbook.drill.DrillAnnouncer;
import io.drillbook.drill.DrillEngine;
import io.drillbook.drill.DrillIds;
import io.drillbook.drill.DrillMarking;
import io.drillbook.drill.DrillNotifier;
import io.drillbook.drill.DrillService;
import io.drillbook.drill.EvidenceSink;
import io.drillbook.drill.FollowUpTracker;
import io.drillbook.drill.HttpHealthProbe;
import io.drillbook.drill.KubernetesPath;
import io.drillbook.drill.LocalProcesses;
import io.drillbook.drill.ProductionGuard;
import io.drillbook.drill.Recovery;
import io.drillbook.drill.RestartPath;
import io.drillbook.drill.RollbackPath;
import io.drillbook.drill.StopQuery;
import io.drillbook.drill.TargetLock;
import io.drillbook.drill.Verifier;
import io.drillbook.evidence.MarkdownEvidenceLog;
import io.drillbook.github.FollowUps;
import io.drillbook.github.GitHubClient;
import io.drillbook.github.GitHubEvidenceStore;
import io.drillbook.github.GitHubException;
import io.drillbook.github.GitHubToken;
import io.drillbook.github.RetryPolicy;
import io.drillbook.github.WorkflowPath;
import io.drillbook.grafana.GrafanaClient;
import io.drillbook.helm.HelmPath;
import io.drillbook.kube.KubeClients;
import io.drillbook.kube.KubernetesCluster;
import io.drillbook.notify.WebhookNotifier;
import io.drillbook.prometheus.PrometheusClient;
import io.drillbook.prometheus.Sample;
import io.drillbook.runbook.RunbookParser;
import io.drillbook.signals.AlertmanagerAlerts;
import io.drillbook.signals.AnnotationAnnouncer;
import io.drillbook.signals.Announcers;
import io.drillbook.signals.CombinedAlerts;
import io.drillbook.signals.FallbackTraffic;
import io.drillbook.signals.PrometheusAlerts;
import io.drillbook.signals.PrometheusPodUsage;
import io.drillbook.signals.SilenceAnnouncer;
import io.drillbook.signals.TrafficSource;
import io.drillbook.time.Sleeper;
import io.drillbook.time.Timing;
import io.drillbook.verify.RunbookVerifier;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The composition root: real adapters wired into the core. Commands get everything through here. */
final class Adapters {
  private final Timing timing;
  private final Map<String, String> environment;

  /**
   * @param environment the process environment ({@code GITHUB_TOKEN} is read from it), injected so tests control it
   */
  Adapters(Timing timing, Map<String, String> environment) {
    this.timing = timing;
    this.environment = Map.copyOf(environment);
  }

  /** This host's name: {@code $HOSTNAME} (a pod's name in a cluster), else what the system says. */
  private String host() {
    String host = environment.getOrDefault("HOSTNAME", "");
    if (host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "unknown-host";
      }
    }
    return host;
  }

  /** Who holds a drill lock: host and process, so an operator can find it. */
  private String identity() {
    return host() + "/pid-" + ProcessHandle.current().pid();
  }

  /** An environment variable's value, or a usage error naming it. */
  String env(String name) {
    String value = environment.get(name);
    if (value == null) {
      throw new InputException("environment variable " + name + " is not set");
    }
    return value;
  }

  /** {@code ${NAME}} in a config value replaced by that environment variable (how manifests pass secrets in). */
  String expand(String value) {
    if (value == null) {
      return null;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(env(m.group(1))));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  Timing timing() {
    return timing;
  }

  /** @throws InputException when the kubeconfig cannot be read or used: the caller's to fix, nothing was touched */
  KubernetesCluster cluster(Path kubeconfig, String context) throws ClusterException {
    KubernetesClient client;
    try {
      client = KubeClients.connect(kubeconfig, context);
    } catch (ClusterException e) {
      throw new InputException(e.getMessage());
    }
    return new KubernetesCluster(client, timing.nanoTime(), KubeClients.describe(client));
  }

  /** Everything a drill of {@code config} needs, against {@code cluster}; targets that look like production refused. */
  DrillService service(KubernetesCluster cluster, DrillbookConfig config) throws GitHubException {
    return service(cluster, config, false);
  }

  /**
   * Everything a drill of {@code config} needs, against {@code cluster}.
   *
   * @param allowProduction the command line passed {@code --allow-production}
   */
  DrillService service(KubernetesCluster cluster, DrillbookConfig config, boolean allowProduction)
      throws GitHubException {
    KubernetesPath kubernetes = new KubernetesPath(cluster);
    GitHubClient github = config.usesGitHub() ? github(config.github()) : null;
    RollbackPath workflows = github == null ? null : new WorkflowPath(github, kubernetes, timing,
        config.github().pollInterval(), config.github().pollInterval().multipliedBy(8));
    RollbackPath helm = HelmPath.real();
    RollbackPath restart = new RestartPath(cluster, timing);
    Function<DrillConfig, RollbackPath> paths = d -> switch (d.method()) {
      case GITHUB_ACTIONS -> workflows;
      case HELM -> helm;
      case RESTART -> restart;
      case KUBERNETES -> kubernetes;
    };
    FollowUpTracker followUps = config.followUp() == null ? FollowUpTracker.NONE
        : new FollowUps(github, config.followUp());
    EvidenceStoreConfig store = config.evidence();
    Function<DrillConfig, EvidenceSink> sinks = store.store() == EvidenceStoreConfig.Store.GITHUB
        ? d -> new GitHubEvidenceStore(github, store.repository(), store.branch(), d.evidencePath())
        : d -> new MarkdownEvidenceLog(d.evidenceLog());
    Verifier verifier = config.drills().stream().anyMatch(d -> d.verification() != null)
        ? new RunbookVerifier(new RunbookParser(), prometheus(config.prometheus()), cluster.podLogs()::recentLogs,
            traffic(cluster, config.prometheus()), timing)
        : Verifier.NONE;
    ProductionGuard guard = new ProductionGuard(config.safety().productionPatterns(), allowProduction);
    DrillEngine engine = new DrillEngine(cluster, paths, new HttpHealthProbe(timing), verifier, timing,
        new DrillIds(new SecureRandom()), guard, stopQuery(config.prometheus()),
        new DrillMarking(cluster.markers(), identity()), alerts(config), announcer(config));
    return new DrillService(engine, sinks, followUps, locks(cluster, config), notifier(config));
  }

  /** The per-target drill locks; their holder identity is the one drill-in-progress markers name. */
  private TargetLock locks(KubernetesCluster cluster, DrillbookConfig config) {
    return cluster.locks(identity(), config.scheduler().leaseDuration(), timing, LocalProcesses.of(host()));
  }

  /**
   * How the daemon connects to the cluster of each drill: one connection per kubeconfig and context, with the drill
   * service and crash recovery over it.
   */
  io.drillbook.schedule.TargetServices.Connector connector(DrillbookConfig config, boolean allowProduction) {
    return drill -> {
      KubernetesCluster cluster = cluster(drill.target().kubeconfig(), drill.target().context());
      DrillService service = service(cluster, config, allowProduction);
      return new io.drillbook.schedule.TargetServices.Connection(service, recovery(cluster, config, service),
          cluster);
    };
  }

  /** Crash recovery against {@code cluster}, appending through {@code service}'s evidence sinks. */
  Recovery recovery(KubernetesCluster cluster, DrillbookConfig config, DrillService service) {
    return new Recovery(cluster.markers(), locks(cluster, config), service, timing);
  }

  /** The runbook's traffic check: the metrics API, or Prometheus's cAdvisor series where the cluster has none. */
  private TrafficSource traffic(KubernetesCluster cluster, PrometheusConfig config) {
    TrafficSource api = cluster.podMetrics();
    PrometheusClient client = prometheus(config);
    return client == null ? api : new FallbackTraffic(api, new PrometheusPodUsage(api, client, timing));
  }

  /** Where drills read the alerts that fired for their target: Prometheus and Alertmanager, whichever are set. */
  private AlertSource alerts(DrillbookConfig config) {
    PrometheusClient client = prometheus(config.prometheus());
    AlertmanagerClient alertmanager = alertmanager(config.alertmanager());
    AlertSource fromPrometheus = client == null ? null : new PrometheusAlerts(client, config.prometheus().url());
    AlertSource fromAlertmanager = alertmanager == null ? null : new AlertmanagerAlerts(alertmanager);
    if (fromPrometheus != null && fromAlertmanager != null) {
      return new CombinedAlerts(fromPrometheus, fromAlertmanager);
    }
    return fromPrometheus != null ? fromPrometheus : fromAlertmanager != null ? fromAlertmanager
        : AlertSource.none("no Prometheus or Alertmanager configured");
  }

  /** What drills tell others while they run: an Alertmanager silence, Grafana annotations. */
  private DrillAnnouncer announcer(DrillbookConfig config) {
    List<DrillAnnouncer> announcers = new ArrayList<>();
    AlertmanagerClient alertmanager = alertmanager(config.alertmanager());
    if (alertmanager != null) {
      announcers.add(new SilenceAnnouncer(alertmanager, config.alertmanager().silenceFor(), timing,
          "drillbook (" + identity() + ")"));
    }
    if (config.grafana() != null) {
      String token = token(config.grafana().tokenFile(), "grafana.tokenFile");
      if (token.isEmpty()) {
        throw new InputException("grafana.tokenFile " + config.grafana().tokenFile() + " is empty");
      }
      announcers.add(new AnnotationAnnouncer(new GrafanaClient(config.grafana().url(), token,
          java.time.Duration.ofSeconds(30)), timing));
    }
    return announcers.isEmpty() ? DrillAnnouncer.NONE : new Announcers(announcers);
  }

  /** The webhooks drills report to; each URL is read from its file, and never printed. */
  private DrillNotifier notifier(DrillbookConfig config) {
    if (config.notifications().isEmpty()) {
      return DrillNotifier.NONE;
    }
    List<WebhookNotifier.Webhook> hooks = new ArrayList<>();
    for (int i = 0; i < config.notifications().size(); i++) {
      var n = config.notifications().get(i);
      String key = "notifications[" + i + "].urlFile";
      String text = token(n.urlFile(), key);
      java.net.URI url;
      try {
        url = java.net.URI.create(text);
      } catch (IllegalArgumentException e) {
        throw new InputException(key + " " + n.urlFile() + " does not hold a URL");
      }
      if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
        throw new InputException(key + " " + n.urlFile() + " does not hold an http(s) webhook URL");
      }
      hooks.add(new WebhookNotifier.Webhook(n, url));
    }
    return new WebhookNotifier(hooks, timing);
  }

  static AlertmanagerClient alertmanager(AlertmanagerConfig config) {
    return config == null ? null : new AlertmanagerClient(config.url(), token(config.tokenFile(),
        "alertmanager.tokenFile"), java.time.Duration.ofSeconds(30));
  }

  /** A token file's content, or null without one; a file that cannot be read is a usage error naming the key. */
  static String token(java.nio.file.Path file, String key) {
    if (file == null) {
      return null;
    }
    try {
      return java.nio.file.Files.readString(file).trim();
    } catch (java.io.IOException e) {
      throw new InputException("cannot read " + key + " " + file + ": " + e.getClass().getSimpleName());
    }
  }

  /** The stop-query seam over Prometheus: the highest value of the result, ignoring NaN. */
  private StopQuery stopQuery(PrometheusConfig config) {
    PrometheusClient client = prometheus(config);
    if (client == null) {
      return StopQuery.NONE;
    }
    return promql -> client.instantQuery(promql, timing.now()).stream().mapToDouble(Sample::value)
        .filter(v -> !Double.isNaN(v)).max();
  }

  static PrometheusClient prometheus(PrometheusConfig config) {
    if (config == null) {
      return null;
    }
    return new PrometheusClient(config.url(), token(config.tokenFile(), "prometheus.tokenFile"),
        java.time.Duration.ofSeconds(30));
  }

  GitHubClient github(GitHubConnection connection) throws GitHubException {
    try {
      if (connection.app() != null) {
        GitHubConnection.App app = connection.app();
        return GitHubClient.connectAsApp(connection.apiUrl(), app.appId(), app.installationId(),
            app.privateKeyFile(), RetryPolicy.DEFAULT, Sleeper.REAL, timing.clock());
      }
      GitHubToken token = GitHubToken.resolve(connection, environment);
      return GitHubClient.connect(connection.apiUrl(), token, RetryPolicy.DEFAULT, Sleeper.REAL, timing.clock());
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
  }
}
