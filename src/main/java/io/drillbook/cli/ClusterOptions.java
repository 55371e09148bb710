package io.drillbook.cli;

import io.drillbook.config.DrillConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Cluster access flags, following kubectl's conventions. */
final class ClusterOptions {
  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Kubeconfig file (default: the drill's target.kubeconfig, else $KUBECONFIG, ~/.kube/config, "
          + "or the in-cluster service account).")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "NAME",
      description = "Kube context (default: the drill's target.context, else the current context).")
  String context;

  /** The flag wins over the drill's configured kubeconfig. */
  Path kubeconfigFor(DrillConfig drill) {
    return kubeconfig != null ? kubeconfig : drill.target().kubeconfig();
  }

  /** The flag wins over the drill's configured context. */
  String contextFor(DrillConfig drill) {
    return context != null ? context : drill.target().context();
  }
}
