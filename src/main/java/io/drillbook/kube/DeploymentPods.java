package io.drillbook.kube;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.ClusterException;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** The pods a Deployment runs: selected by it and owned through its ReplicaSets, as its controller sees them. */
final class DeploymentPods {
  private DeploymentPods() {
  }

  /**
   * The pods the target Deployment currently selects ({@code spec.selector}) and owns through one of its
   * ReplicaSets, in name order.
   *
   * @throws ClusterException when the Deployment does not exist or the API refuses or cannot be reached
   */
  static List<Pod> of(KubernetesClient client, TargetConfig target) throws ClusterException {
    try {
      Deployment deployment = client.apps().deployments().inNamespace(target.namespace())
          .withName(target.deployment()).get();
      if (deployment == null) {
        throw new ClusterException("deployment " + target.qualifiedName() + " not found");
      }
      String uid = deployment.getMetadata().getUid();
      Set<String> replicaSets = client.apps().replicaSets().inNamespace(target.namespace())
          .withLabelSelector(deployment.getSpec().getSelector()).list().getItems().stream()
          .filter(rs -> controlledBy(rs.getMetadata().getOwnerReferences(), uid))
          .map(ReplicaSet::getMetadata).map(m -> m.getUid())
          .collect(Collectors.toSet());
      return client.pods().inNamespace(target.namespace()).withLabelSelector(deployment.getSpec().getSelector())
          .list().getItems().stream()
          .filter(pod -> pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences()
              .stream().anyMatch(ref -> Boolean.TRUE.equals(ref.getController())
                  && replicaSets.contains(ref.getUid())))
          .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
          .toList();
    } catch (KubernetesClientException e) {
      throw KubeErrors.failure("cannot list pods of " + target.qualifiedName() + ": ", e);
    }
  }

  private static boolean controlledBy(List<OwnerReference> refs, String uid) {
    return refs != null && refs.stream()
        .anyMatch(ref -> Boolean.TRUE.equals(ref.getController()) && Objects.equals(ref.getUid(), uid));
  }

}
