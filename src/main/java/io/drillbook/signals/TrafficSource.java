package io.drillbook.signals;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.InfrastructureException;
import java.util.List;

/** Where a drill reads its target's pods and their resource usage: the metrics API, or Prometheus instead. */
public interface TrafficSource {

  /** What is read, for the evidence: {@code metrics.k8s.io/v1beta1 PodMetrics}. */
  String describe();

  /** The target's running pods (owned by the Deployment through its ReplicaSets) with their limits. */
  List<PodLimits> pods(TargetConfig target) throws InfrastructureException, InterruptedException;

  /**
   * The current usage of the target's pods; a pod the pipeline has no sample of yet is absent.
   *
   * @throws MetricsUnavailable when the API refuses (no permission) or does not exist
   */
  List<PodUsage> usage(TargetConfig target) throws InfrastructureException, InterruptedException;
}
