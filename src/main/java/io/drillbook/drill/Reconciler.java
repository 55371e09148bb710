package io.drillbook.drill;

import java.util.Objects;

/**
 * An object whose controller puts the target back as it wants it: an Argo CD Application, a Flux Kustomization or
 * HelmRelease, or one of their own owners (an ApplicationSet, a parent app-of-apps, a parent Kustomization).
 *
 * @param kind for people: {@code Argo CD Application}, {@code Flux Kustomization}
 * @param namespace its namespace
 * @param name its name
 * @param foundBy why it counts as an owner, e.g. {@code annotation argocd.argoproj.io/tracking-id}
 * @param pause what pausing it changes; null when it reconciles nothing now (automated sync already off,
 *     already suspended) or cannot be paused
 * @param cannotPause why it cannot be paused (no suspend field, a parent that puts the pause back); null when it can
 */
public record Reconciler(String kind, String namespace, String name, String foundBy, PauseStep pause,
    String cannotPause) {
  public Reconciler {
    Objects.requireNonNull(kind, "'kind' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(foundBy, "'foundBy' must not be null");
    namespace = namespace == null ? "" : namespace;
  }

  /** {@code Argo CD Application argocd/shop} */
  public String title() {
    return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
  }

  /** {@code Argo CD Application argocd/shop (annotation argocd.argoproj.io/tracking-id)} */
  public String describe() {
    return title() + " (" + foundBy + ")";
  }
}
