package io.drillbook.kube;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.ClusterException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the recent container logs of the pods a Deployment runs, as {@code kubectl logs --since --timestamps}
 * would for each pod and container.
 */
public final class PodLogReader {
  private final KubernetesClient client;

  /** @param client connected client; not closed by this reader */
  public PodLogReader(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The log lines of the last {@code window} of every container of every pod the Deployment currently selects
   * ({@code spec.selector}) and owns through one of its ReplicaSets, keyed {@code pod/container} in pod-name order.
   * Lines carry the API's RFC 3339 timestamp prefix ({@code timestamps=true}); {@code window} is rounded up to whole
   * seconds ({@code sinceSeconds}). A pod deleted between listing and reading is left out; a container still
   * waiting to start has no lines.
   *
   * @throws ClusterException when the Deployment does not exist or the API refuses or cannot be reached
   */
  public Map<String, List<String>> recentLogs(TargetConfig target, Duration window) throws ClusterException {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive");
    }
    int sinceSeconds = (int) Math.min(Integer.MAX_VALUE, (window.toMillis() + 999) / 1000);
    List<Pod> pods = pods(target);
    Map<String, List<String>> logs = new LinkedHashMap<>();
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      for (Container container : pod.getSpec().getContainers()) {
        String log;
        try {
          log = client.pods().inNamespace(target.namespace()).withName(name).inContainer(container.getName())
              .usingTimestamps().sinceSeconds(sinceSeconds).getLog();
        } catch (KubernetesClientException e) {
          if (e.getCode() == 404) {
            break;
          }
          if (e.getCode() == 400 && waitingToStart(e)) {
            logs.put(name + "/" + container.getName(), List.of());
            continue;
          }
          throw KubeErrors.failure("cannot read logs of pod " + target.namespace() + "/" + name + " container "
              + container.getName() + ": ", e);
        }
        logs.put(name + "/" + container.getName(), log == null || log.isEmpty() ? List.of() : log.lines().toList());
      }
    }
    return logs;
  }

  private List<Pod> pods(TargetConfig target) throws ClusterException {
    return DeploymentPods.of(client, target);
  }

  // "container "x" in pod "y" is waiting to start: ContainerCreating" (or PodInitializing, image pull errors).
  private static boolean waitingToStart(KubernetesClientException e) {
    String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
        : String.valueOf(e.getMessage());
    return message.contains("is waiting to start");
  }
}
