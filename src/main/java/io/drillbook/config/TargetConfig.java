package io.drillbook.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The Deployment a drill rolls back.
 *
 * @param context kube context to use; null means the current context (or in-cluster)
 * @param kubeconfig kubeconfig file to use; null means kubectl's search order ($KUBECONFIG, ~/.kube/config,
 *     in-cluster)
 * @param namespace target namespace
 * @param deployment target Deployment name
 */
public record TargetConfig(String context, Path kubeconfig, String namespace, String deployment) {
  public TargetConfig {
    Objects.requireNonNull(namespace, "'namespace' must not be null");
    Objects.requireNonNull(deployment, "'deployment' must not be null");
  }

  /** {@code namespace/deployment}, the way operators name a workload. */
  public String qualifiedName() {
    return namespace + "/" + deployment;
  }
}
