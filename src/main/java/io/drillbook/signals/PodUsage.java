package io.drillbook.signals;

import java.time.Instant;
import java.util.Objects;

/**
 * One pod's resource usage as the metrics pipeline reports it ({@code kubectl top pod}): summed over its containers.
 *
 * @param pod the pod's name
 * @param timestamp when the pipeline sampled it; two readings with the same timestamp are the same sample
 * @param cpuCores CPU in cores (0.25 is 250m)
 * @param memoryBytes working-set memory in bytes
 */
public record PodUsage(String pod, Instant timestamp, double cpuCores, double memoryBytes) {
  public PodUsage {
    Objects.requireNonNull(pod, "'pod' must not be null");
    Objects.requireNonNull(timestamp, "'timestamp' must not be null");
  }
}
