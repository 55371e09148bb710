package io.drillbook.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code drillbook.yaml}. Every problem is reported as a {@link ConfigException} naming file, line and
 * field; nothing is guessed. Relative paths ({@code evidenceLog}, {@code target.kubeconfig}) resolve against the
 * config file's folder.
 */
public final class ConfigLoader {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final Set<String> ROOT_KEYS = ConfigNode.keys("drills", "github", "followUp", "evidence", "prometheus", "scheduler",
      "safety");
  private static final Set<String> SCHEDULER_KEYS = ConfigNode.keys("store", "jdbcUrl", "user", "passwordEnv",
      "instanceId", "threads", "misfireGrace", "shutdownGrace", "port", "leaseDuration");
  private static final Set<String> PROMETHEUS_KEYS = ConfigNode.keys("url", "tokenFile");
  private static final Set<String> VERIFY_KEYS = ConfigNode.keys("interval", "timeout", "matchers", "logRepeats");
  private static final Set<String> OVERRIDE_KEYS = ConfigNode.keys("query", "denominator", "skip");
  private static final Set<String> DRILL_KEYS = ConfigNode.keys("name", "environment", "target", "method",
      "rollback", "restore", "objective", "health", "timeouts", "evidenceLog", "github", "runbook", "sustain",
      "verify", "thresholds", "schedule", "timezone", "misfire", "allowProduction", "stopWhen");
  private static final Set<String> GITHUB_KEYS = ConfigNode.keys("apiUrl", "tokenFile", "pollInterval", "app");
  private static final Set<String> APP_KEYS = ConfigNode.keys("appId", "installationId", "privateKeyFile");
  private static final Set<String> FOLLOW_UP_KEYS = ConfigNode.keys("repository", "labels", "closeOnPass");
  private static final Set<String> EVIDENCE_KEYS = ConfigNode.keys("store", "repository", "branch");
  private static final Set<String> TARGET_KEYS = ConfigNode.keys("context", "kubeconfig", "namespace", "deployment");
  private static final Set<String> ROLLBACK_KEYS = ConfigNode.keys("toRevision");
  private static final Set<String> HEALTH_KEYS = ConfigNode.keys("url", "expectStatus");
  private static final Set<String> TIMEOUT_KEYS = ConfigNode.keys("rollout", "health", "restore");
  static final Duration DEFAULT_OBJECTIVE = Duration.ofMinutes(5);

  private final CronSyntax cronSyntax;

  /** @param cronSyntax checks {@code schedule:} values with the scheduler's own cron parser */
  public ConfigLoader(CronSyntax cronSyntax) {
    this.cronSyntax = cronSyntax;
  }

  /** Loads and validates a config file. */
  public DrillbookConfig load(Path file) throws ConfigException {
    String name = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(name, 0, "", "no such file; pass --config FILE or create ./drillbook.yaml");
    } catch (IOException e) {
      throw new ConfigException(name, 0, "", "cannot read: " + e.getMessage());
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(name, InvalidUtf8.firstLine(bytes), "", "not UTF-8 text (the first invalid byte is "
          + "on this line); save the file as UTF-8");
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(name, new StringReader(text), base);
  }

  /** Parses config text; {@code baseDir} anchors relative evidence paths. */
  public DrillbookConfig parse(String sourceName, Reader reader, Path baseDir) throws ConfigException {
    ConfigNode root = ConfigNode.parse(sourceName, reader);
    Map<String, ConfigNode> top = root.mapping(ROOT_KEYS);
    ConfigNode drillsNode = top.get("drills");
    if (drillsNode == null || drillsNode.isNull()) {
      throw root.error("missing required key 'drills'");
    }
    List<DrillConfig> drills = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigNode item : drillsNode.list()) {
      DrillConfig drill = drill(item, baseDir);
      if (!names.add(drill.name())) {
        throw item.error("a drill named '" + drill.name() + "' is declared twice");
      }
      drills.add(drill);
    }
    if (drills.isEmpty()) {
      throw drillsNode.error("declares no drill");
    }
    GitHubConnection github = present(top, "github") ? github(top.get("github"), baseDir) : null;
    FollowUpConfig followUp = present(top, "followUp") ? followUp(top.get("followUp")) : null;
    EvidenceStoreConfig evidence = present(top, "evidence") ? evidence(top.get("evidence")) : null;
    PrometheusConfig prometheus = present(top, "prometheus") ? prometheus(top.get("prometheus"), baseDir) : null;
    SchedulerConfig scheduler = present(top, "scheduler") ? scheduler(top.get("scheduler")) : null;
    SafetyConfig safety = present(top, "safety") ? SafetyKeys.safety(top.get("safety")) : null;
    if (prometheus == null) {
      for (int i = 0; i < drills.size(); i++) {
        if (drills.get(i).stopWhen().query() != null) {
          throw drillsNode.list().get(i).error("stopWhen.query needs a top-level 'prometheus: { url: ... }'");
        }
      }
    }
    return new DrillbookConfig(sourceName, drills, github, followUp, evidence, prometheus, scheduler, safety);
  }

  private DrillConfig drill(ConfigNode node, Path baseDir) throws ConfigException {
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
    OptionalLong toRevision = present(keys, "rollback") ? toRevision(keys.get("rollback")) : OptionalLong.empty();
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
      workflow = workflow(required(node, keys, "github"));
    } else if (present(keys, "github")) {
      throw keys.get("github").error("only a drill with 'method: github-actions' takes a 'github' section");
    }
    VerificationConfig verification = verification(node, keys, baseDir);
    if (verification != null) {
      health = healthFromRunbook(keys.get("runbook"), verification.runbook(), health);
    }
    boolean allowProduction = present(keys, "allowProduction") && keys.get("allowProduction").bool();
    StopConditions stopWhen = present(keys, "stopWhen") ? SafetyKeys.stopWhen(keys.get("stopWhen")) : null;
    if (stopWhen != null && stopWhen.healthFailingFor() != null && health == null) {
      throw keys.get("stopWhen").error("healthFailingFor needs a health check (health.url, or a runbook with one)");
    }
    return new DrillConfig(name, environment, target,
        new DrillConfig.Rollback(method, toRevision, restore, workflow),
        new DrillConfig.Judging(objective, health, timeouts, verification), new DrillConfig.Evidence(log, repoPath),
        schedule(keys), new DrillConfig.Safety(allowProduction, stopWhen));
  }

  private static boolean present(Map<String, ConfigNode> keys, String key) {
    return keys.containsKey(key) && !keys.get(key).isNull();
  }

  private static ConfigNode required(ConfigNode parent, Map<String, ConfigNode> keys, String key)
      throws ConfigException {
    ConfigNode child = keys.get(key);
    if (child == null) {
      throw new ConfigException(parent.error("").file(), parent.line(),
          parent.path().isEmpty() ? key : parent.path() + "." + key, "missing required key '" + key + "'");
    }
    if (child.isNull()) {
      throw child.error("needs a value");
    }
    return child;
  }

  private static String matching(ConfigNode node, Pattern pattern, String what) throws ConfigException {
    String value = node.nonBlank();
    if (value.length() > 253 || !pattern.matcher(value).matches()) {
      throw node.error("'" + abbreviate(value) + "' is not a valid name; use " + what);
    }
    return value;
  }

  /** The runbook verification keys of a drill: {@code runbook}, {@code sustain}, {@code verify}, {@code thresholds}. */
  private VerificationConfig verification(ConfigNode drill, Map<String, ConfigNode> keys, Path baseDir)
      throws ConfigException {
    if (!present(keys, "runbook")) {
      for (String key : List.of("sustain", "verify", "thresholds")) {
        if (present(keys, key)) {
          throw keys.get(key).error("'" + key + "' needs a 'runbook' to verify against");
        }
      }
      return null;
    }
    Path runbook = resolve(path(keys.get("runbook")), baseDir);
    if (!java.nio.file.Files.isRegularFile(runbook)) {
      throw keys.get("runbook").error("runbook " + runbook + " does not exist");
    }
    java.time.Duration sustain = present(keys, "sustain") ? keys.get("sustain").duration() : null;
    java.time.Duration interval = VerificationConfig.DEFAULT_INTERVAL;
    java.time.Duration timeout = null;
    Map<String, String> matchers = VerificationConfig.DEFAULT_MATCHERS;
    int logRepeats = VerificationConfig.DEFAULT_LOG_REPEATS;
    if (present(keys, "verify")) {
      Map<String, ConfigNode> verify = keys.get("verify").mapping(VERIFY_KEYS);
      interval = present(verify, "interval") ? verify.get("interval").duration() : interval;
      timeout = present(verify, "timeout") ? verify.get("timeout").duration() : null;
      if (present(verify, "matchers")) {
        matchers = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : verify.get("matchers").mapping(null).entrySet()) {
          if (!e.getKey().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw e.getValue().error("'" + e.getKey() + "' is not a Prometheus label name");
          }
          matchers.put(e.getKey(), e.getValue().string());
        }
      }
      if (present(verify, "logRepeats")) {
        long repeats = verify.get("logRepeats").integer();
        if (repeats < 2) {
          throw verify.get("logRepeats").error("must be at least 2 (a trace seen once does not repeat)");
        }
        logRepeats = (int) repeats;
      }
    }
    Map<String, VerificationConfig.ThresholdOverride> overrides = new java.util.LinkedHashMap<>();
    if (present(keys, "thresholds")) {
      for (Map.Entry<String, ConfigNode> e : keys.get("thresholds").mapping(null).entrySet()) {
        Map<String, ConfigNode> o = e.getValue().mapping(OVERRIDE_KEYS);
        String query = present(o, "query") ? o.get("query").nonBlank() : null;
        String denominator = present(o, "denominator") ? o.get("denominator").nonBlank() : null;
        String skip = present(o, "skip") ? o.get("skip").nonBlank() : null;
        if (query != null && denominator != null) {
          throw e.getValue().error("give either 'query' or 'denominator', not both");
        }
        if (skip == null && query == null && denominator == null) {
          throw e.getValue().error("give 'query', 'denominator' or 'skip: <reason>'");
        }
        overrides.put(e.getKey(), new VerificationConfig.ThresholdOverride(query, denominator, skip));
      }
    }
    return new VerificationConfig(runbook, sustain, interval, timeout, matchers, logRepeats, overrides);
  }

  /**
   * The drill's own health check, else the runbook's ("curl ... /health (expect 200)"). Reading the runbook here also
   * refuses one that cannot be used before anything runs.
   */
  private static HealthConfig healthFromRunbook(ConfigNode at, Path runbook, HealthConfig configured)
      throws ConfigException {
    io.drillbook.runbook.Runbook parsed;
    try {
      parsed = new io.drillbook.runbook.RunbookParser().parse(runbook);
    } catch (io.drillbook.runbook.RunbookException e) {
      throw at.error("runbook " + e.getMessage());
    }
    if (configured != null || parsed.verification().healthUrl() == null) {
      return configured;
    }
    Integer status = parsed.verification().expectStatus();
    try {
      return new HealthConfig(new URI(parsed.verification().healthUrl()), status == null ? 200 : status);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw at.error("runbook " + runbook + " line " + parsed.verification().healthLine() + ": health URL '"
          + parsed.verification().healthUrl() + "' is not usable; set health.url in the drill");
    }
  }

  private ScheduleConfig schedule(Map<String, ConfigNode> keys) throws ConfigException {
    if (!present(keys, "schedule")) {
      for (String key : List.of("timezone", "misfire")) {
        if (present(keys, key)) {
          throw keys.get(key).error("'" + key + "' needs a 'schedule'");
        }
      }
      return null;
    }
    ConfigNode cronNode = keys.get("schedule");
    String cron = cronNode.nonBlank();
    java.util.Optional<String> problem = cronSyntax.problem(cron);
    if (problem.isPresent()) {
      String why = problem.get().isEmpty() ? "" : ": " + problem.get();
      throw cronNode.error("'" + abbreviate(cron) + "' is not a Quartz cron expression (seconds minutes hours "
          + "day-of-month month day-of-week [year], e.g. '0 0 4 ? * MON')" + why);
    }
    java.time.ZoneId zone = java.time.ZoneOffset.UTC;
    if (present(keys, "timezone")) {
      ConfigNode tz = keys.get("timezone");
      try {
        zone = java.time.ZoneId.of(tz.nonBlank());
      } catch (java.time.DateTimeException e) {
        throw tz.error("unknown time zone '" + abbreviate(tz.string()) + "'; use a region like Europe/Berlin or UTC");
      }
    }
    boolean skip = false;
    if (present(keys, "misfire")) {
      String policy = keys.get("misfire").nonBlank();
      if (!policy.equals("run-once") && !policy.equals("skip")) {
        throw keys.get("misfire").error("expected run-once or skip, found '" + abbreviate(policy) + "'");
      }
      skip = policy.equals("skip");
    }
    return new ScheduleConfig(cron, zone, skip);
  }

  private SchedulerConfig scheduler(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(SCHEDULER_KEYS);
    SchedulerConfig d = SchedulerConfig.DEFAULT;
    String store = present(keys, "store") ? keys.get("store").nonBlank() : "memory";
    if (!store.equals("memory") && !store.equals("jdbc")) {
      throw keys.get("store").error("expected memory or jdbc, found '" + abbreviate(store) + "'");
    }
    boolean jdbc = store.equals("jdbc");
    String url = present(keys, "jdbcUrl") ? keys.get("jdbcUrl").nonBlank() : null;
    if (jdbc && (url == null || !(url.startsWith("jdbc:postgresql:") || url.startsWith("${")))) {
      throw (url == null ? node : keys.get("jdbcUrl")).error("the jdbc store needs jdbcUrl: jdbc:postgresql://HOST:PORT/DB");
    }
    int threads = present(keys, "threads") ? (int) keys.get("threads").integer() : d.threads();
    if (threads < 1 || threads > 100) {
      throw keys.get("threads").error("must be between 1 and 100");
    }
    int port = present(keys, "port") ? (int) keys.get("port").integer() : d.port();
    if (port < 0 || port > 65535) {
      throw keys.get("port").error("must be a port number (0 for a free one)");
    }
    return new SchedulerConfig(jdbc, url, present(keys, "user") ? keys.get("user").nonBlank() : null,
        present(keys, "passwordEnv") ? keys.get("passwordEnv").nonBlank() : null,
        present(keys, "instanceId") ? keys.get("instanceId").nonBlank() : null, threads,
        present(keys, "misfireGrace") ? keys.get("misfireGrace").duration() : d.misfireGrace(),
        present(keys, "shutdownGrace") ? keys.get("shutdownGrace").duration() : d.shutdownGrace(), port,
        leaseDuration(keys, d));
  }

  private static Duration leaseDuration(Map<String, ConfigNode> keys, SchedulerConfig d) throws ConfigException {
    if (!present(keys, "leaseDuration")) {
      return d.leaseDuration();
    }
    Duration lease = keys.get("leaseDuration").duration();
    if (lease.toMillis() < 1000 || lease.toSeconds() > Integer.MAX_VALUE) {
      throw keys.get("leaseDuration").error("must be at least 1s (a Lease counts whole seconds)");
    }
    return lease;
  }

  private PrometheusConfig prometheus(ConfigNode node, Path baseDir) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(PROMETHEUS_KEYS);
    URI url = absoluteHttpUrl(required(node, keys, "url"));
    Path tokenFile = present(keys, "tokenFile") ? resolve(path(keys.get("tokenFile")), baseDir) : null;
    return new PrometheusConfig(url, tokenFile);
  }

  private static String repository(ConfigNode node) throws ConfigException {
    return matching(node, REPOSITORY, "owner/name, e.g. intelgraph/maestro");
  }

  private WorkflowConfig workflow(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(WorkflowConfig.KEYS);
    String repository = repository(required(node, keys, "repository"));
    String workflow = required(node, keys, "workflow").nonBlank();
    String ref = present(keys, "ref") ? keys.get("ref").nonBlank() : "main";
    Map<String, String> inputs = present(keys, "inputs") ? inputs(keys.get("inputs")) : Map.of();
    Map<String, String> restoreInputs = present(keys, "restoreInputs") ? inputs(keys.get("restoreInputs")) : null;
    return new WorkflowConfig(repository, workflow, ref, inputs, restoreInputs);
  }

  /** Workflow inputs: any names, scalar values (GitHub sends every input as a string), placeholders checked. */
  private Map<String, String> inputs(ConfigNode node) throws ConfigException {
    Map<String, String> inputs = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> e : node.mapping(null).entrySet()) {
      String value = e.getValue().string();
      String unknown = WorkflowConfig.unknownPlaceholder(value);
      if (unknown != null) {
        throw e.getValue().error("unknown placeholder ${" + unknown + "}; use one of "
            + String.join(", ", WorkflowConfig.PLACEHOLDERS.stream().map(p -> "${" + p + "}").toList()));
      }
      inputs.put(e.getKey(), value);
    }
    return inputs;
  }

  private GitHubConnection github(ConfigNode node, Path baseDir) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(GITHUB_KEYS);
    URI apiUrl = GitHubConnection.PUBLIC_API;
    if (present(keys, "apiUrl")) {
      ConfigNode urlNode = keys.get("apiUrl");
      apiUrl = absoluteHttpUrl(urlNode);
    }
    Path tokenFile = present(keys, "tokenFile") ? resolve(path(keys.get("tokenFile")), baseDir) : null;
    Duration poll = present(keys, "pollInterval") ? keys.get("pollInterval").duration() : GitHubConnection.DEFAULT_POLL;
    GitHubConnection.App app = null;
    if (present(keys, "app")) {
      ConfigNode appNode = keys.get("app");
      Map<String, ConfigNode> appKeys = appNode.mapping(APP_KEYS);
      app = new GitHubConnection.App(required(appNode, appKeys, "appId").integer(),
          required(appNode, appKeys, "installationId").integer(),
          resolve(path(required(appNode, appKeys, "privateKeyFile")), baseDir));
      if (tokenFile != null) {
        throw keys.get("tokenFile").error("give either 'tokenFile' or 'app', not both");
      }
    }
    return new GitHubConnection(apiUrl, tokenFile, poll, app);
  }

  private FollowUpConfig followUp(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(FOLLOW_UP_KEYS);
    String repository = repository(required(node, keys, "repository"));
    List<String> labels = FollowUpConfig.DEFAULT_LABELS;
    if (present(keys, "labels")) {
      labels = new ArrayList<>();
      for (ConfigNode label : keys.get("labels").list()) {
        labels.add(label.nonBlank());
      }
      if (labels.isEmpty()) {
        throw keys.get("labels").error("needs at least one label (an open follow-up is found again by its labels)");
      }
    }
    boolean closeOnPass = !present(keys, "closeOnPass") || keys.get("closeOnPass").bool();
    return new FollowUpConfig(repository, labels, closeOnPass);
  }

  private EvidenceStoreConfig evidence(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(EVIDENCE_KEYS);
    String store = present(keys, "store") ? keys.get("store").nonBlank() : "local";
    if (store.equals("local")) {
      for (String key : List.of("repository", "branch")) {
        if (present(keys, key)) {
          throw keys.get(key).error("only 'store: github' takes '" + key + "'");
        }
      }
      return EvidenceStoreConfig.LOCAL;
    }
    if (!store.equals("github")) {
      throw keys.get("store").error("unknown store '" + abbreviate(store) + "'; expected local or github");
    }
    String repository = repository(required(node, keys, "repository"));
    String branch = present(keys, "branch") ? keys.get("branch").nonBlank() : null;
    return new EvidenceStoreConfig(EvidenceStoreConfig.Store.GITHUB, repository, branch);
  }

  private static URI absoluteHttpUrl(ConfigNode urlNode) throws ConfigException {
    URI url;
    try {
      url = new URI(urlNode.nonBlank());
    } catch (URISyntaxException e) {
      throw urlNode.error("not a valid URL: " + e.getReason());
    }
    if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
        || url.getHost() == null) {
      throw urlNode.error("expected an absolute http:// or https:// URL, found '" + abbreviate(url.toString()) + "'");
    }
    return url;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  private TargetConfig target(ConfigNode node, Path baseDir) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(TARGET_KEYS);
    String context = present(keys, "context") ? keys.get("context").nonBlank() : null;
    Path kubeconfig = present(keys, "kubeconfig") ? resolve(path(keys.get("kubeconfig")), baseDir) : null;
    String namespace = matching(required(node, keys, "namespace"), DNS_LABEL,
        "a Kubernetes namespace name (lowercase letters, digits, dashes)");
    String deployment = matching(required(node, keys, "deployment"), DNS_SUBDOMAIN,
        "a Kubernetes object name (lowercase letters, digits, dashes, dots)");
    return new TargetConfig(context, kubeconfig, namespace, deployment);
  }

  private OptionalLong toRevision(ConfigNode node) throws ConfigException {
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

  private HealthConfig health(ConfigNode node) throws ConfigException {
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

  private Timeouts timeouts(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(TIMEOUT_KEYS);
    Duration rollout = present(keys, "rollout") ? keys.get("rollout").duration() : Timeouts.DEFAULTS.rollout();
    Duration health = present(keys, "health") ? keys.get("health").duration() : Timeouts.DEFAULTS.health();
    // The restore may take as long as a rollout unless told otherwise.
    Duration restore = present(keys, "restore") ? keys.get("restore").duration() : rollout;
    return new Timeouts(rollout, health, restore);
  }

  private static Path resolve(Path path, Path baseDir) {
    return path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path).normalize();
  }

  private Path path(ConfigNode node) throws ConfigException {
    String text = node.nonBlank();
    try {
      return Path.of(text);
    } catch (java.nio.file.InvalidPathException e) {
      throw node.error("not a valid path: " + e.getReason());
    }
  }
}
