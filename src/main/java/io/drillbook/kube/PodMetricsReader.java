package io.drillbook.kube;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.ClusterException;
import io.drillbook.signals.MetricsUnavailable;
import io.drillbook.signals.PodLimits;
import io.drillbook.signals.PodUsage;
import io.drillbook.signals.TrafficSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code kubectl top pod} through the API: the target's pods' usage from {@code metrics.k8s.io/v1beta1} PodMetrics
 * (served by metrics-server through the aggregator), and their limits from the pods' specs.
 */
public final class PodMetricsReader implements TrafficSource {
  private final KubernetesClient client;

  /** @param client connected client; not closed by this reader */
  public PodMetricsReader(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public String describe() {
    return "metrics.k8s.io/v1beta1 PodMetrics";
  }

  @Override
  public List<PodLimits> pods(TargetConfig target) throws ClusterException {
    List<PodLimits> out = new ArrayList<>();
    for (Pod pod : running(target)) {
      out.add(new PodLimits(pod.getMetadata().getName(), limit(pod, "cpu"), limit(pod, "memory")));
    }
    return out;
  }

  @Override
  public List<PodUsage> usage(TargetConfig target) throws ClusterException, MetricsUnavailable {
    Set<String> names = running(target).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    List<PodMetrics> items;
    try {
      // A list, as kubectl top pod does: one request, and the RBAC verb the shipped Role grants.
      items = client.top().pods().metrics(target.namespace()).getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw new MetricsUnavailable(MetricsUnavailable.Kind.NO_METRICS_API, "no metrics API: the cluster serves "
            + "no metrics.k8s.io/v1beta1 (no metrics-server): " + KubeErrors.describe(e));
      }
      if (e.getCode() == 403) {
        throw new MetricsUnavailable(MetricsUnavailable.Kind.FORBIDDEN, "no permission to list "
            + "pods.metrics.k8s.io in " + target.namespace() + " (the shipped Role grants it): "
            + KubeErrors.describe(e));
      }
      throw KubeErrors.failure("cannot read pod metrics in " + target.namespace() + ": ", e);
    }
    List<PodUsage> out = new ArrayList<>();
    for (PodMetrics m : items) {
      if (m.getMetadata() == null || !names.contains(m.getMetadata().getName()) || m.getTimestamp() == null) {
        continue;
      }
      double cpu = 0;
      double memory = 0;
      for (ContainerMetrics c : m.getContainers()) {
        cpu += amount(c.getUsage(), "cpu");
        memory += amount(c.getUsage(), "memory");
      }
      try {
        out.add(new PodUsage(m.getMetadata().getName(), Instant.parse(m.getTimestamp()), cpu, memory));
      } catch (DateTimeParseException e) {
        throw new ClusterException("pod metrics of " + target.namespace() + "/" + m.getMetadata().getName()
            + " carry a timestamp that is not RFC 3339: '" + m.getTimestamp() + "'");
      }
    }
    return out;
  }

  /** Running pods not being deleted: those the metrics pipeline should report. */
  private List<Pod> running(TargetConfig target) throws ClusterException {
    return DeploymentPods.of(client, target).stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
        .toList();
  }

  private static Double limit(Pod pod, String resource) {
    double sum = 0;
    for (Container c : pod.getSpec().getContainers()) {
      Map<String, Quantity> limits = c.getResources() == null ? null : c.getResources().getLimits();
      if (limits == null || !limits.containsKey(resource)) {
        return null;
      }
      sum += Quantity.getAmountInBytes(limits.get(resource)).doubleValue();
    }
    return sum;
  }

  private static double amount(Map<String, Quantity> usage, String resource) {
    Quantity q = usage == null ? null : usage.get(resource);
    return q == null ? 0 : Quantity.getAmountInBytes(q).doubleValue();
  }
}
