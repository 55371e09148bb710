package io.drillbook.config;

import static io.drillbook.config.ConfigValues.present;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code gitops}: at the top level a mapping ({@code mode}, {@code argocdNamespace}), in a drill its mode
 * alone ({@code gitops: pause}).
 */
final class GitOpsKeys {
  private static final Set<String> TOP_KEYS = ConfigNode.keys("mode", "argocdNamespace");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private GitOpsKeys() {}

  static GitOpsConfig gitops(ConfigNode node) throws ConfigException {
    Map<String, ConfigNode> keys = node.mapping(TOP_KEYS);
    GitOpsConfig.Mode mode = present(keys, "mode") ? mode(keys.get("mode")) : GitOpsConfig.DEFAULT.mode();
    String namespace = GitOpsConfig.DEFAULT.argocdNamespace();
    if (present(keys, "argocdNamespace")) {
      namespace = ConfigValues.matching(keys.get("argocdNamespace"), DNS_LABEL,
          "a Kubernetes namespace name (lowercase letters, digits, dashes)");
    }
    return new GitOpsConfig(mode, namespace);
  }

  static GitOpsConfig.Mode mode(ConfigNode node) throws ConfigException {
    String text = node.nonBlank().trim();
    return switch (text) {
      case "refuse" -> GitOpsConfig.Mode.REFUSE;
      case "pause" -> GitOpsConfig.Mode.PAUSE;
      default -> throw node.error("'" + text + "' is not a choice; use refuse (the default: a drill on a target Argo "
          + "CD or Flux reconciles is INCONCLUSIVE) or pause (suspend the owner for the drill)");
    };
  }
}
