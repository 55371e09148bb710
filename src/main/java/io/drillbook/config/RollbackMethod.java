package io.drillbook.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a drill performs the rollback. */
public enum RollbackMethod {
  /** Through the Kubernetes API, exactly as {@code kubectl rollout undo} does. */
  KUBERNETES("kubernetes"),
  /** By dispatching a GitHub Actions rollback workflow, then watching the cluster. */
  GITHUB_ACTIONS("github-actions"),
  /** With the real Helm CLI, {@code helm rollback RELEASE REVISION}, then watching the cluster. */
  HELM("helm"),
  /** The runbook's quick stabilizer, {@code kubectl rollout restart}: new pods of the same release. */
  RESTART("restart");

  private final String configName;

  RollbackMethod(String configName) {
    this.configName = configName;
  }

  /** The name used in {@code drillbook.yaml} and in evidence. */
  public String configName() {
    return configName;
  }

  static RollbackMethod fromConfigName(String name) {
    for (RollbackMethod m : values()) {
      if (m.configName.equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown method '" + name + "'; expected one of "
        + Arrays.stream(values()).map(RollbackMethod::configName).collect(Collectors.joining(", ")));
  }
}
