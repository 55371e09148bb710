package io.drillbook.runbook;

/**
 * A workload the runbook covers.
 *
 * @param kind {@code "Deployment"}, {@code "StatefulSet"} or {@code "HelmRelease"}
 * @param namespace the namespace stated on the workloads line, or null when none is
 * @param name the object or release name
 * @param line 1-based line of the workloads line
 */
public record Workload(String kind, String namespace, String name, int line) {}
