package io.drillbook.realcluster;

import java.io.IOException;
import java.util.List;

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
      boolean paused, String changeCause) {
    public static Release of(String namespace, String name, String image) {
      return new Release(namespace, name, 2, List.of(image), 600, false, null);
    }

    public Release withImages(String... images) {
      return new Release(namespace, name, replicas, List.of(images), progressDeadlineSeconds, paused, changeCause);
    }

    public Release withProgressDeadlineSeconds(int seconds) {
      return new Release(namespace, name, replicas, images, seconds, paused, changeCause);
    }

    public Release pausedRollout() {
      return new Release(namespace, name, replicas, images, progressDeadlineSeconds, true, changeCause);
    }

    public Release withChangeCause(String cause) {
      return new Release(namespace, name, replicas, images, progressDeadlineSeconds, paused, cause);
    }

    String yaml() {
      StringBuilder containers = new StringBuilder();
      for (int i = 0; i < images.size(); i++) {
        containers.append("      - name: ").append(i == 0 ? name : name + "-sidecar-" + i).append('\n')
            .append("        image: ").append(images.get(i)).append('\n')
            .append("        ports: [{containerPort: ").append(8080 + i).append("}]\n");
      }
      String annotations = changeCause == null ? "" : "  annotations:\n    kubernetes.io/change-cause: \"" + changeCause + "\"\n";
      return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\n  namespace: " + namespace + "\n"
          + "  labels: {app: " + name + "}\n" + annotations
          + "spec:\n  replicas: " + replicas + "\n  paused: " + paused + "\n  progressDeadlineSeconds: "
          + progressDeadlineSeconds + "\n  revisionHistoryLimit: 10\n"
          + "  selector: {matchLabels: {app: " + name + "}}\n"
          + "  template:\n    metadata:\n      labels: {app: " + name + "}\n    spec:\n      containers:\n" + containers;
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
