package io.drillbook.config;

import static io.drillbook.config.ConfigValues.absoluteHttpUrl;
import static io.drillbook.config.ConfigValues.path;
import static io.drillbook.config.ConfigValues.present;
import static io.drillbook.config.ConfigValues.required;
import static io.drillbook.config.ConfigValues.resolve;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads where drills send signals around themselves: top-level {@code alertmanager} and {@code grafana}, and a drill's
 * own {@code alertmanager: {silence}} and {@code grafana: {dashboards}}.
 */
final class SignalKeys {
  private static final Set<String> ALERTMANAGER_KEYS = ConfigNode.keys("url", "tokenFile", "silence", "silenceFor");
  private static final Set<String> GRAFANA_KEYS = ConfigNode.keys("url", "tokenFile", "dashboards");
  private static final Set<String> NOTIFICATION_KEYS = ConfigNode.keys("urlFile", "format", "on");
  private static final Set<String> DRILL_ALERTMANAGER_KEYS = ConfigNode.keys("silence");
  private static final Set<String> DRILL_GRAFANA_KEYS = ConfigNode.keys("dashboards");
  // Grafana's own rule for a dashboard UID (util.IsValidShortUID): at most 40 of these characters.
  private static final Pattern DASHBOARD_UID = Pattern.compile("[a-zA-Z0-9_-]{1,40}");
  private static final Duration SHORTEST_SILENCE = Duration.ofMinutes(1);

  private SignalKeys() {
  }

  static AlertmanagerConfig alertmanager(ConfigNode node, Path baseDir) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(ALERTMANAGER_KEYS);
    URI url = absoluteHttpUrl(required(node, keys, "url"));
    Path tokenFile = present(keys, "tokenFile") ? resolve(path(keys.get("tokenFile")), baseDir) : null;
    boolean silence = present(keys, "silence") && keys.get("silence").bool();
    Duration silenceFor = AlertmanagerConfig.DEFAULT_SILENCE_FOR;
    if (present(keys, "silenceFor")) {
      silenceFor = keys.get("silenceFor").duration();
      if (silenceFor.compareTo(SHORTEST_SILENCE) < 0 || silenceFor.compareTo(Duration.ofHours(1)) > 0) {
        throw keys.get("silenceFor").error("must be from 1m to 1h: the silence is renewed while the drill runs and "
            + "must lapse within minutes of a crash");
      }
    }
    return new AlertmanagerConfig(url, tokenFile, silence, silenceFor);
  }

  static GrafanaConfig grafana(ConfigNode node, Path baseDir) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(GRAFANA_KEYS);
    URI url = absoluteHttpUrl(required(node, keys, "url"));
    Path tokenFile = resolve(path(required(node, keys, "tokenFile")), baseDir);
    List<String> dashboards = present(keys, "dashboards") ? dashboards(keys.get("dashboards")) : List.of();
    return new GrafanaConfig(url, tokenFile, dashboards);
  }

  /** Top-level {@code notifications}: the webhooks drills report their verdicts to. */
  static List<NotificationConfig> notifications(ConfigNode node, Path baseDir) throws ConfigException {
    List<NotificationConfig> out = new ArrayList<>();
    for (ConfigNode item : node.list()) {
      Map<String, ConfigNode> keys = item.mapping(NOTIFICATION_KEYS);
      Path urlFile = resolve(path(required(item, keys, "urlFile")), baseDir);
      NotificationConfig.Format format = NotificationConfig.Format.JSON;
      if (present(keys, "format")) {
        String f = keys.get("format").nonBlank();
        format = switch (f) {
          case "slack" -> NotificationConfig.Format.SLACK;
          case "json" -> NotificationConfig.Format.JSON;
          default -> throw keys.get("format").error("'" + f + "' is not a format; use slack or json");
        };
      }
      boolean every = false;
      if (present(keys, "on")) {
        String on = keys.get("on").nonBlank();
        every = switch (on) {
          case "fail" -> false;
          case "every" -> true;
          default -> throw keys.get("on").error("'" + on + "' is not a choice; use fail or every");
        };
      }
      out.add(new NotificationConfig(urlFile, format, every));
    }
    return out;
  }

  /** A drill's own {@code alertmanager: {silence}}, or null when it does not say. */
  static Boolean drillSilence(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(DRILL_ALERTMANAGER_KEYS);
    return present(keys, "silence") ? keys.get("silence").bool() : null;
  }

  /** A drill's own {@code grafana: {dashboards}}, or null when it does not say. */
  static List<String> drillDashboards(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(DRILL_GRAFANA_KEYS);
    return present(keys, "dashboards") ? dashboards(keys.get("dashboards")) : null;
  }

  private static List<String> dashboards(ConfigNode list) throws ConfigException {
    List<String> uids = new ArrayList<>();
    for (ConfigNode item : list.list()) {
      String uid = item.nonBlank();
      if (!DASHBOARD_UID.matcher(uid).matches()) {
        throw item.error("'" + uid + "' is not a dashboard UID" + (uid.contains("/") ? " (a name such as "
            + "maestro/deployments is a folder and title, not a UID)" : "") + "; take the UID from the dashboard's "
            + "URL, /d/<uid>/..., or its JSON model");
      }
      uids.add(uid);
    }
    return uids;
  }
}
