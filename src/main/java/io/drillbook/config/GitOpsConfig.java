package io.drillbook.config;

import java.util.Objects;

/**
 * What a drill does when a GitOps controller (Argo CD, Flux) reconciles its target: refuse (the default), or pause
 * the controller's object for the drill and put it back exactly as it was afterwards.
 *
 * @param mode refuse or pause
 * @param argocdNamespace where Argo CD's Applications live (Argo CD's own namespace, {@code argocd} by default)
 */
public record GitOpsConfig(Mode mode, String argocdNamespace) {
  /** Refuse reconciled targets; Applications in {@code argocd}. */
  public static final GitOpsConfig DEFAULT = new GitOpsConfig(Mode.REFUSE, "argocd");

  /** How a drill treats a target another controller reconciles. */
  public enum Mode {
    /** The drill is INCONCLUSIVE, naming the owner; nothing is changed. */
    REFUSE,
    /** The owner is suspended for the drill and resumed exactly as it was found. */
    PAUSE;

    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public GitOpsConfig {
    Objects.requireNonNull(mode, "'mode' must not be null");
    Objects.requireNonNull(argocdNamespace, "'argocdNamespace' must not be null");
  }

  /** The same namespaces, another mode. */
  public GitOpsConfig withMode(Mode other) {
    return new GitOpsConfig(other, argocdNamespace);
  }
}
