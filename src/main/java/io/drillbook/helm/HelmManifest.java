package io.drillbook.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** The Deployments a release revision renders, from {@code helm get manifest RELEASE --revision N}. */
public record HelmManifest(List<Workload> deployments) {
  public HelmManifest {
    deployments = List.copyOf(deployments);
  }

  /**
   * One Deployment of the release.
   *
   * @param name its name
   * @param namespace its namespace as the chart wrote it, or null (the release's namespace)
   * @param images its containers' images, in order, then its init containers'
   */
  public record Workload(String name, String namespace, List<String> images) {
    public Workload {
      images = List.copyOf(images);
    }

    /** The images as one value, as the other methods record them ({@code a, b}). */
    public String image() {
      return String.join(", ", images);
    }
  }

  /**
   * Reads a rendered manifest (YAML documents separated by {@code ---}).
   *
   * @throws HelmException when it is not YAML
   */
  public static HelmManifest parse(String release, String yaml) throws HelmException {
    List<Workload> found = new ArrayList<>();
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(true);
      for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(yaml)) {
        if (doc instanceof Map<?, ?> object && "Deployment".equals(object.get("kind"))
            && String.valueOf(object.get("apiVersion")).startsWith("apps/")) {
          found.add(workload(object));
        }
      }
    } catch (YAMLException e) {
      String problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
          .orElse("");
      throw new HelmException("helm get manifest " + release + ": not YAML (" + problem + ")", true);
    }
    return new HelmManifest(found);
  }

  private static Workload workload(Map<?, ?> deployment) {
    Map<?, ?> metadata = map(deployment.get("metadata"));
    Map<?, ?> podSpec = map(map(map(deployment.get("spec")).get("template")).get("spec"));
    List<String> images = new ArrayList<>();
    for (String key : List.of("containers", "initContainers")) {
      if (podSpec.get(key) instanceof List<?> containers) {
        for (Object c : containers) {
          Object image = map(c).get("image");
          if (image != null) {
            images.add(String.valueOf(image));
          }
        }
      }
    }
    Object namespace = metadata.get("namespace");
    return new Workload(String.valueOf(metadata.get("name")), namespace == null ? null : String.valueOf(namespace),
        images);
  }

  private static Map<?, ?> map(Object value) {
    return value instanceof Map<?, ?> m ? m : Map.of();
  }

  /** The Deployment named {@code name}, if the release renders it. */
  public java.util.Optional<Workload> deployment(String name) {
    return deployments.stream().filter(d -> d.name().equals(name)).findFirst();
  }
}
