package io.drillbook.config;

import static io.drillbook.config.ConfigValues.present;

import io.drillbook.freeze.FreezeWindow;
import io.drillbook.freeze.Freezes;
import io.drillbook.runbook.NamespaceMap;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code drillbook.yaml}. Every problem is reported as a {@link ConfigException} naming file, line and
 * field; nothing is guessed. Relative paths ({@code evidenceLog}, {@code target.kubeconfig}) resolve against the
 * config file's folder. Each section has its reader ({@link DrillKeys}, {@link GitHubKeys}, {@link PrometheusKeys},
 * {@link SchedulerKeys}, {@link SafetyKeys}); this class reads the file and the top level.
 */
public final class ConfigLoader {
  private static final Set<String> ROOT_KEYS = ConfigNode.keys("drills", "freezes", "github", "followUp", "evidence", "prometheus", "scheduler",
      "safety", "runbookNamespaces", "alertmanager", "grafana",
      "notifications", "gitops");

  private final DrillKeys drillKeys;
  private final GitHubKeys gitHubKeys;
  private final PrometheusKeys prometheusKeys;
  private final SchedulerKeys schedulerKeys;

  /** @param cronSyntax checks {@code schedule:} values with the scheduler's own cron parser */
  public ConfigLoader(CronSyntax cronSyntax) {
    this.gitHubKeys = new GitHubKeys();
    this.drillKeys = new DrillKeys(new ScheduleKeys(cronSyntax), new RunbookKeys(), gitHubKeys);
    this.prometheusKeys = new PrometheusKeys();
    this.schedulerKeys = new SchedulerKeys();
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
          .decode(ByteBuffer.wrap(bytes))
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
    NamespaceMap namespaces = present(top, "runbookNamespaces")
        ? RunbookKeys.namespaces(top.get("runbookNamespaces")) : NamespaceMap.LITERAL;
    List<DrillConfig> drills = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigNode item : drillsNode.list()) {
      DrillConfig drill = drillKeys.drill(item, baseDir, namespaces);
      if (!names.add(drill.name())) {
        throw item.error("a drill named '" + drill.name() + "' is declared twice");
      }
      drills.add(drill);
    }
    if (drills.isEmpty()) {
      throw drillsNode.error("declares no drill");
    }
    GitHubConnection github = present(top, "github") ? gitHubKeys.github(top.get("github"), baseDir) : null;
    FollowUpConfig followUp = present(top, "followUp") ? gitHubKeys.followUp(top.get("followUp")) : null;
    EvidenceStoreConfig evidence = present(top, "evidence") ? gitHubKeys.evidence(top.get("evidence")) : null;
    PrometheusConfig prometheus = present(top, "prometheus")
        ? prometheusKeys.prometheus(top.get("prometheus"), baseDir) : null;
    SchedulerConfig scheduler = present(top, "scheduler") ? schedulerKeys.scheduler(top.get("scheduler")) : null;
    SafetyConfig safety = present(top, "safety") ? SafetyKeys.safety(top.get("safety")) : null;
    if (prometheus == null) {
      for (int i = 0; i < drills.size(); i++) {
        if (drills.get(i).stopWhen().query() != null) {
          throw drillsNode.list().get(i).error("stopWhen.query needs a top-level 'prometheus: { url: ... }'");
        }
      }
    }
    AlertmanagerConfig alertmanager = present(top, "alertmanager")
        ? SignalKeys.alertmanager(top.get("alertmanager"), baseDir) : null;
    GrafanaConfig grafana = present(top, "grafana") ? SignalKeys.grafana(top.get("grafana"), baseDir) : null;
    for (int i = 0; i < drills.size(); i++) {
      DrillConfig.Signals own = drills.get(i).signals();
      ConfigNode item = drillsNode.list().get(i);
      boolean silence = own.silence() != null ? own.silence() : alertmanager != null && alertmanager.silence();
      if (silence && alertmanager == null) {
        throw item.error("alertmanager.silence needs a top-level 'alertmanager: { url: ... }'");
      }
      List<String> dashboards = own.dashboards() != null ? own.dashboards()
          : grafana == null ? List.of() : grafana.dashboards();
      if (!dashboards.isEmpty() && grafana == null) {
        throw item.error("grafana.dashboards needs a top-level 'grafana: { url: ..., tokenFile: ... }'");
      }
      drills.set(i, drills.get(i).withSignals(new DrillConfig.Signals(silence, dashboards)));
    }
    GitOpsConfig gitops = present(top, "gitops") ? GitOpsKeys.gitops(top.get("gitops")) : GitOpsConfig.DEFAULT;
    for (int i = 0; i < drills.size(); i++) {
      GitOpsConfig.Mode mode = DrillKeys.setsGitOps(drillsNode.list().get(i)) ? drills.get(i).gitops().mode()
          : gitops.mode();
      drills.set(i, drills.get(i).withGitOps(gitops.withMode(mode)));
    }
    List<NotificationConfig> notifications = present(top, "notifications")
        ? SignalKeys.notifications(top.get("notifications"), baseDir) : List.of();
    return new DrillbookConfig(sourceName, drills, github, followUp, evidence, prometheus, scheduler, safety,
        namespaces, alertmanager, grafana, notifications, freezes(top, drillsNode, drills));
  }

  /** A drill's own {@code freezes} replace the top-level ones, as its own signal settings do. */
  private static Freezes freezes(Map<String, ConfigNode> top, ConfigNode drillsNode, List<DrillConfig> drills)
      throws ConfigException {
    List<FreezeWindow> shared = present(top, "freezes") ? FreezeKeys.freezes(top.get("freezes")) : List.of();
    Map<String, List<FreezeWindow>> own = new HashMap<>();
    for (int i = 0; i < drills.size(); i++) {
      Map<String, ConfigNode> keys = drillsNode.list().get(i).mapping(null);
      if (keys.containsKey("freezes")) {
        own.put(drills.get(i).name(), keys.get("freezes").isNull() ? List.of()
            : FreezeKeys.freezes(keys.get("freezes")));
      }
    }
    return new Freezes(shared, own);
  }
}
