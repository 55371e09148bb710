package io.drillbook.drill;

import java.util.Objects;

/**
 * One field of a reconciler's object that a paused drill changes, with what it held before, so that the object can
 * be put back exactly as it was (by this process, or by {@code drillbook recover} after a crash).
 *
 * @param owner who the object is, for people: {@code Flux Kustomization flux-system/shop}
 * @param apiVersion the object's API version, e.g. {@code kustomize.toolkit.fluxcd.io/v1}
 * @param resource its resource (plural) name, e.g. {@code kustomizations}
 * @param namespace its namespace
 * @param name its name
 * @param path the JSON Pointer of the field, e.g. {@code /spec/suspend}
 * @param original the field's JSON before the pause; null when the field was absent
 * @param paused the field's JSON while paused; null when the pause removes it
 */
public record PauseStep(String owner, String apiVersion, String resource, String namespace, String name, String path,
    String original, String paused) {
  public PauseStep {
    Objects.requireNonNull(owner, "'owner' must not be null");
    Objects.requireNonNull(apiVersion, "'apiVersion' must not be null");
    Objects.requireNonNull(resource, "'resource' must not be null");
    Objects.requireNonNull(namespace, "'namespace' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(path, "'path' must not be null");
  }

  /** The field as people write it: {@code spec.syncPolicy.automated}. */
  public String field() {
    return path.substring(1).replace('/', '.');
  }

  /** What the pause does, in one phrase. */
  public String pauseText() {
    return owner + ": " + field() + (paused == null ? " removed" : " set to " + paused);
  }

  /** What the resume does, in one phrase. */
  public String resumeText() {
    return owner + ": " + field() + (original == null ? " removed again" : " put back to " + original);
  }

  /** The API group of the object. */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
