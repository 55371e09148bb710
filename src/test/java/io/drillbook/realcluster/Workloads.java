package io.drillbook.realcluster;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sets up Deployments on the real control plane the way a team would, with kubectl apply: one apply per release,
 * each waited for with {@code kubectl rollout status} (except releases on a broken image, which never roll out).
 */
public final class Workloads {
  private final Kubectl kubectl;

  public Workloads(Kubectl kubectl) {
    this.kubectl = kubectl;
  }

  /** A Deployment spec to apply: name, replicas, images of its containers, and a few knobs the tests need. */
  public record Release(String namespace, String name, int replicas, List<String> images, int progressDeadlineSeconds,
      boolean paused, String changeCause, Map<String, String> podAnnotations) {
    public static Release of(String namespace, String name, String image) {
      return new Release(namespace, name, 2, List.of(image), 600, false, null, Map.of());
    }

    public Release withImages(String... images) {
      return new Release(namespace, name, replicas, List.of(images), progressDeadlineSeconds, paused, changeCause,
          podAnnotations);
    }

    public Release withReplicas(int count) {
      return new Release(namespace, name, count, images, progressDeadlineSeconds, paused, changeCause, podAnnotations);
    }

    public Release withProgressDeadlineSeconds(int seconds) {
      return new Release(namespace, name, replicas, images, seconds, paused, changeCause, podAnnotations);
    }

    public Release pausedRollout() {
      return new Release(namespace, name, replicas, images, progressDeadlineSeconds, true, changeCause, podAnnotations);
    }

    public Release withChangeCause(String cause) {
      return new Release(namespace, name, replicas, images, progressDeadlineSeconds, paused, cause, podAnnotations);
    }

    /** An annotation on the pod template, as {@code kubectl rollout restart} sets {@code restartedAt}. */
    public Release withPodAnnotation(String key, String value) {
      Map<String, String> annotations = new TreeMap<>(podAnnotations);
      annotations.put(key, value);
      return new Release(namespace, name, replicas, images, progressDeadlineSeconds, paused, changeCause,
          Map.copyOf(annotations));
    }

    /** The same release in another namespace. */
    public Release in(String otherNamespace) {
      return new Release(otherNamespace, name, replicas, images, progressDeadlineSeconds, paused, changeCause,
          podAnnotations);
    }

    String yaml() {
      StringBuilder containers = new StringBuilder();
      for (int i = 0; i < images.size(); i++) {
        containers.append("      - name: ").append(i == 0 ? name : name + "-sidecar-" + i).append('\n')
            .append("        image: ").append(images.get(i)).append('\n')
            .append("        ports: [{containerPort: ").append(8080 + i).append("}]\n");
      }
      String annotations = changeCause == null ? "" : "  annotations:\n    kubernetes.io/change-cause: \"" + changeCause + "\"\n";
      StringBuilder pod = new StringBuilder();
      if (!podAnnotations.isEmpty()) {
        pod.append("      annotations:\n");
        new TreeMap<>(podAnnotations).forEach((k, v) -> pod.append("        ").append(k).append(": \"").append(v)
            .append("\"\n"));
      }
      return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\n  namespace: " + namespace + "\n"
          + "  labels: {app: " + name + "}\n" + annotations
          + "spec:\n  replicas: " + replicas + "\n  paused: " + paused + "\n  progressDeadlineSeconds: "
          + progressDeadlineSeconds + "\n  revisionHistoryLimit: 10\n"
          + "  selector: {matchLabels: {app: " + name + "}}\n"
          + "  template:\n    metadata:\n      labels: {app: " + name + "}\n" + pod + "    spec:\n      containers:\n"
          + containers;
    }
  }

  /** Applies each release in turn, waiting for every one whose images are not broken to roll out. */
  public void deploy(Release... releases) throws IOException, InterruptedException {
    for (Release release : releases) {
      apply(release);
      boolean broken = release.images().stream().anyMatch(i -> i.matches(".*" + RealControlPlane.NEVER_READY_IMAGES));
      if (!broken && !release.paused()) {
        awaitRolledOut(release.namespace(), release.name());
      }
    }
  }

  public void apply(Release release) throws IOException, InterruptedException {
    kubectl.runWithInput(release.yaml(), "apply", "-f", "-").ok();
  }

  public void awaitRolledOut(String namespace, String name) throws IOException, InterruptedException {
    kubectl.run("-n", namespace, "rollout", "status", "deployment/" + name, "--timeout=120s").ok();
  }

  public void createNamespace(String namespace) throws IOException, InterruptedException {
    Kubectl.Result result = kubectl.run("create", "namespace", namespace);
    if (result.exitCode() != 0 && !result.err().contains("AlreadyExists")) {
      result.ok();
    }
  }
}
