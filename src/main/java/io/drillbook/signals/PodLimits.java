package io.drillbook.signals;

import java.util.Objects;

/**
 * A running pod of the target and its resource limits, summed over its containers.
 *
 * @param pod the pod's name
 * @param cpuCores the CPU limit in cores, or null when a container has none (the pod then has no limit to judge)
 * @param memoryBytes the memory limit in bytes, or null as above
 */
public record PodLimits(String pod, Double cpuCores, Double memoryBytes) {
  public PodLimits {
    Objects.requireNonNull(pod, "'pod' must not be null");
  }
}
