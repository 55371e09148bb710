package io.drillbook.app;

import java.nio.file.Path;

/**
 * What a command asks to work on: a config file, the cluster flags that override every drill's target, and whether
 * to aim every target at an embedded sandbox instead.
 *
 * @param config the config file
 * @param kubeconfig {@code --kubeconfig}, or null for each drill's own
 * @param context {@code --context}, or null for each drill's own
 * @param sandbox {@code --sandbox}: start a sandbox seeded with every target and drill it instead
 */
public record PlanRequest(Path config, Path kubeconfig, String context, boolean sandbox) {
  public PlanRequest {
    java.util.Objects.requireNonNull(config, "'config' must not be null");
  }

  /** The config's drills as written: no flags, no sandbox. */
  public static PlanRequest of(Path config) {
    return new PlanRequest(config, null, null, false);
  }

  public PlanRequest withCluster(Path kubeconfigFlag, String contextFlag) {
    return new PlanRequest(config, kubeconfigFlag, contextFlag, sandbox);
  }

  public PlanRequest onSandbox(boolean onSandbox) {
    return new PlanRequest(config, kubeconfig, context, onSandbox);
  }
}
