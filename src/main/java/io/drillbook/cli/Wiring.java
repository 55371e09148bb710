package io.drillbook.cli;

import io.drillbook.drill.Cluster;
import io.drillbook.drill.ClusterException;
import io.drillbook.drill.DrillEngine;
import io.drillbook.drill.DrillIds;
import io.drillbook.drill.DrillService;
import io.drillbook.drill.HttpHealthProbe;
import io.drillbook.drill.KubernetesPath;
import io.drillbook.drill.Timing;
import io.drillbook.evidence.MarkdownEvidenceLog;
import io.drillbook.kube.KubeClients;
import io.drillbook.kube.KubernetesCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.security.SecureRandom;

/** The composition root: real adapters wired into the core. Commands get everything through here. */
final class Wiring {
  private final Timing timing;

  Wiring(Timing timing) {
    this.timing = timing;
  }

  Timing timing() {
    return timing;
  }

  Cluster cluster(Path kubeconfig, String context) throws ClusterException {
    KubernetesClient client = KubeClients.connect(kubeconfig, context);
    return new KubernetesCluster(client, timing.nanoTime(), KubeClients.describe(client));
  }

  DrillService service(Cluster cluster) {
    KubernetesPath kubernetes = new KubernetesPath(cluster);
    DrillEngine engine = new DrillEngine(cluster, d -> kubernetes, new HttpHealthProbe(timing), timing,
        new DrillIds(new SecureRandom()));
    return new DrillService(engine, MarkdownEvidenceLog::new);
  }
}
