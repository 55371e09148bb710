package io.drillbook.bench;

import io.drillbook.config.DrillConfig;
import io.drillbook.drill.RollbackPlan;
import io.drillbook.kube.KubernetesCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * The peer drill: the same preflight and {@code rollout undo} patch as drillbook, but waiting by polling, then
 * rolling forward and polling again, the way a script around a probe loop does it.
 */
final class PollingDrill {
  private final KubernetesCluster cluster;
  private final PollingProbe probe;

  PollingDrill(KubernetesCluster cluster, KubernetesClient client, NanoClock clock, Duration interval) {
    this.cluster = cluster;
    this.probe = new PollingProbe(client, clock, interval);
  }

  void run(DrillConfig drill, Duration timeout) throws Exception {
    RollbackPlan plan = cluster.plan(drill.target(), drill.toRevision());
    cluster.undo(drill.target(), plan.toRevision());
    probe.pollUntilComplete(drill.target().namespace(), drill.target().deployment(), false, timeout);
    cluster.undo(drill.target(), plan.fromRevision());
    probe.pollUntilComplete(drill.target().namespace(), drill.target().deployment(), false, timeout);
  }
}
