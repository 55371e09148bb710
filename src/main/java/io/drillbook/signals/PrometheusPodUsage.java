package io.drillbook.signals;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.InfrastructureException;
import io.drillbook.prometheus.PrometheusClient;
import io.drillbook.prometheus.PrometheusException;
import io.drillbook.prometheus.Sample;
import io.drillbook.time.Timing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The same numbers {@code kubectl top pod} shows, from the cAdvisor series Prometheus scrapes from every kubelet
 * ({@code container_cpu_usage_seconds_total}, {@code container_memory_working_set_bytes}), for clusters without a
 * metrics API. The pods and their limits still come from the Kubernetes API.
 */
public final class PrometheusPodUsage implements TrafficSource {
  private static final String CONTAINERS = "container!=\"\", container!=\"POD\"";

  private final TrafficSource pods;
  private final PrometheusClient prometheus;
  private final Timing timing;

  /** @param pods where the target's pods and limits are read */
  public PrometheusPodUsage(TrafficSource pods, PrometheusClient prometheus, Timing timing) {
    this.pods = pods;
    this.prometheus = prometheus;
    this.timing = timing;
  }

  @Override
  public String describe() {
    return "Prometheus container_cpu_usage_seconds_total and container_memory_working_set_bytes";
  }

  @Override
  public List<PodLimits> pods(TargetConfig target) throws InfrastructureException, InterruptedException {
    return pods.pods(target);
  }

  static String cpuQuery(String namespace) {
    // irate: the last two samples, as metrics-server computes CPU from two cumulative readings.
    return "sum by (pod) (irate(container_cpu_usage_seconds_total{namespace=\"" + namespace + "\", " + CONTAINERS
        + "}[2m]))";
  }

  static String memoryQuery(String namespace) {
    return "sum by (pod) (container_memory_working_set_bytes{namespace=\"" + namespace + "\", " + CONTAINERS + "})";
  }

  @Override
  public List<PodUsage> usage(TargetConfig target) throws InfrastructureException, InterruptedException {
    Set<String> names = new HashSet<>();
    pods.pods(target).forEach(p -> names.add(p.pod()));
    Instant at = timing.now();
    try {
      Map<String, Double> cpu = byPod(prometheus.instantQuery(cpuQuery(target.namespace()), at));
      Map<String, Double> memory = byPod(prometheus.instantQuery(memoryQuery(target.namespace()), at));
      if (cpu.isEmpty() && memory.isEmpty()) {
        throw new MetricsUnavailable(MetricsUnavailable.Kind.NO_METRICS_API, "Prometheus has no "
            + "container_cpu_usage_seconds_total or container_memory_working_set_bytes for namespace "
            + target.namespace() + " (no kubelet cAdvisor scrape)");
      }
      List<PodUsage> out = new ArrayList<>();
      for (String pod : names) {
        if (cpu.containsKey(pod) && memory.containsKey(pod)) {
          out.add(new PodUsage(pod, at, cpu.get(pod), memory.get(pod)));
        }
      }
      return out;
    } catch (PrometheusException e) {
      throw new InfrastructureException(e.getMessage(), e);
    }
  }

  private static Map<String, Double> byPod(List<Sample> samples) {
    Map<String, Double> out = new HashMap<>();
    for (Sample s : samples) {
      String pod = s.labels().get("pod");
      if (pod != null && !Double.isNaN(s.value())) {
        out.put(pod, s.value());
      }
    }
    return out;
  }
}
