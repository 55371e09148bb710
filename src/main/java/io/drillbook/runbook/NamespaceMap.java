package io.drillbook.runbook;

import java.util.Map;

/**
 * Where a runbook's namespaces are drilled: runbooks name production ({@code helm rollback maestro -n
 * intelgraph-prod}), drills and the drift audit look at the staging namespace the config maps it to. A namespace
 * the map does not name is taken literally.
 *
 * @param staging the staging namespace for each runbook namespace
 */
public record NamespaceMap(Map<String, String> staging) {
  /** No mapping: every namespace as the runbook writes it. */
  public static final NamespaceMap LITERAL = new NamespaceMap(Map.of());

  public NamespaceMap {
    staging = Map.copyOf(staging);
  }

  /** The namespace to look in for the runbook's {@code namespace}; null stays null. */
  public String map(String namespace) {
    return namespace == null ? null : staging.getOrDefault(namespace, namespace);
  }
}
