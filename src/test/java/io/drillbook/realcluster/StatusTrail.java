package io.drillbook.realcluster;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every Deployment object a watch delivers for one Deployment, reduced to what two controllers must agree on: the
 * revision annotation and each condition's type, status and reason (not messages, not times). Consecutive equal steps
 * are one step: how many status writes a controller needs to get from one state to the next is not behaviour.
 */
final class StatusTrail implements AutoCloseable {
  /** One observed state: {@code revision} and conditions as {@code Type=Status/Reason}, in the status's order. */
  record Step(String revision, List<String> conditions) {
    @Override
    public String toString() {
      return "rev " + revision + " " + conditions;
    }
  }

  private final List<Step> steps = new CopyOnWriteArrayList<>();
  private final Watch watch;

  private StatusTrail(KubernetesClient client, String namespace, String name) {
    Deployment current = client.apps().deployments().inNamespace(namespace).withName(name).get();
    add(current);
    watch = client.apps().deployments().inNamespace(namespace).withName(name)
        .withResourceVersion(current.getMetadata().getResourceVersion())
        .watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, Deployment deployment) {
            if (action == Action.MODIFIED || action == Action.ADDED) {
              add(deployment);
            }
          }

          @Override
          public void onClose(WatcherException cause) {}
        });
  }

  /** Starts recording from the Deployment's current state. */
  static StatusTrail record(KubernetesClient client, String namespace, String name) {
    return new StatusTrail(client, namespace, name);
  }

  private synchronized void add(Deployment deployment) {
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    String revision = annotations == null ? null : annotations.get("deployment.kubernetes.io/revision");
    List<String> conditions = new ArrayList<>();
    if (deployment.getStatus() != null && deployment.getStatus().getConditions() != null) {
      deployment.getStatus().getConditions()
          .forEach(c -> conditions.add(c.getType() + "=" + c.getStatus() + "/" + c.getReason()));
    }
    Step step = new Step(revision, List.copyOf(conditions));
    if (steps.isEmpty() || !steps.get(steps.size() - 1).equals(step)) {
      steps.add(step);
    }
  }

  List<Step> steps() {
    return List.copyOf(steps);
  }

  @Override
  public void close() {
    watch.close();
  }
}
