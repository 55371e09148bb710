package io.drillbook.config;

import static io.drillbook.config.ConfigValues.abbreviate;
import static io.drillbook.config.ConfigValues.absoluteHttpUrl;
import static io.drillbook.config.ConfigValues.path;
import static io.drillbook.config.ConfigValues.present;
import static io.drillbook.config.ConfigValues.repository;
import static io.drillbook.config.ConfigValues.required;
import static io.drillbook.config.ConfigValues.resolve;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the sections that talk to GitHub: the top-level {@code github} connection, {@code followUp} and
 * {@code evidence}, and a drill's own {@code github} workflow.
 */
final class GitHubKeys {
  private static final Set<String> GITHUB_KEYS = ConfigNode.keys("apiUrl", "tokenFile", "pollInterval", "app");
  private static final Set<String> APP_KEYS = ConfigNode.keys("appId", "installationId", "privateKeyFile");
  private static final Set<String> FOLLOW_UP_KEYS = ConfigNode.keys("repository", "labels", "closeOnPass");
  private static final Set<String> EVIDENCE_KEYS = ConfigNode.keys("store", "repository", "branch");

  GitHubConnection github(ConfigNode node, Path baseDir) throws ConfigException {
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

  FollowUpConfig followUp(ConfigNode node) throws ConfigException {
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

  EvidenceStoreConfig evidence(ConfigNode node) throws ConfigException {
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

  /** A drill's {@code github} section: the workflow that rolls it back (and maybe restores it). */
  WorkflowConfig workflow(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(WorkflowConfig.KEYS);
    String repository = repository(required(node, keys, "repository"));
    String workflow = required(node, keys, "workflow").nonBlank();
    String ref = present(keys, "ref") ? keys.get("ref").nonBlank() : "main";
    Map<String, String> inputs = present(keys, "inputs") ? inputs(keys.get("inputs")) : Map.of();
    Map<String, String> restoreInputs = present(keys, "restoreInputs") ? inputs(keys.get("restoreInputs")) : null;
    return new WorkflowConfig(repository, workflow, ref, inputs, restoreInputs);
  }

  /** Workflow inputs: any names, scalar values (GitHub sends every input as a string), placeholders checked. */
  private static Map<String, String> inputs(ConfigNode node) throws ConfigException {
    Map<String, String> inputs = new LinkedHashMap<>();
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
}
