package io.drillbook.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Deployment the sandbox creates at start, made to look like it has already been rolled out once per image.
 *
 * @param namespace namespace of the Deployment
 * @param name Deployment name; also the value of the {@code app} label
 * @param images revision history, oldest first; the last one is the current image
 * @param containerName name of the single container
 * @param labels extra labels put on the Deployment and its pod template (besides {@code app=<name>})
 * @param templateAnnotations pod-template annotations per image, keyed by image; images without an entry get none
 */
public record SeedDeployment(
    String namespace,
    String name,
    List<String> images,
    String containerName,
    Map<String, String> labels,
    Map<String, Map<String, String>> templateAnnotations) {

  public SeedDeployment {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(containerName, "containerName");
    images = List.copyOf(images);
    if (images.isEmpty()) {
      throw new IllegalArgumentException("a seed needs at least one image");
    }
    labels = Map.copyOf(labels == null ? Map.of() : labels);
    templateAnnotations = Map.copyOf(templateAnnotations == null ? Map.of() : templateAnnotations);
  }

  /** A seed without extra labels or template annotations. */
  public static SeedDeployment of(String namespace, String name, String containerName, List<String> images) {
    return new SeedDeployment(namespace, name, images, containerName, Map.of(), Map.of());
  }

  /** The image the Deployment currently runs. */
  public String currentImage() {
    return images.get(images.size() - 1);
  }

  /** The image of the revision before the current one, or null when there is only one revision. */
  public String previousImage() {
    return images.size() < 2 ? null : images.get(images.size() - 2);
  }

  /**
   * The "Maestro-like" demo: {@code intelgraph-staging/maestro-orchestrator} with two revisions
   * (1.4.1, then the current 1.4.2), each pod template carrying the OCI revision annotation of its commit.
   */
  public static SeedDeployment maestro() {
    String repo = "registry.example.com/maestro/orchestrator";
    String v141 = repo + ":1.4.1";
    String v142 = repo + ":1.4.2";
    return new SeedDeployment(
        "intelgraph-staging",
        "maestro-orchestrator",
        List.of(v141, v142),
        "orchestrator",
        Map.of("app.kubernetes.io/part-of", "intelgraph"),
        Map.of(
            v141, Map.of(OCI_REVISION_ANNOTATION, "3f9c2a71d4b8e05c6a1f7e2d9b4c8a6e1d0f3b27"),
            v142, Map.of(OCI_REVISION_ANNOTATION, "a7e41c9b2f6d08e3c5b1a94f7d2e6c0b8a3f5d19")));
  }

  /** Pod-template annotation holding the source commit an image was built from. */
  public static final String OCI_REVISION_ANNOTATION = "org.opencontainers.image.revision";
}
