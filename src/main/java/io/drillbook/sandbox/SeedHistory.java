package io.drillbook.sandbox;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The Deployment controller's {@code ScalingReplicaSet} events of a seed's fabricated history: the first ReplicaSet
 * scaled up from 0, then for each later revision the rolling update from the previous one, step by step within the
 * surge and unavailability bounds (new pods counted ready by the next step, as the sandbox's own rollouts go).
 */
final class SeedHistory {

  private SeedHistory() {}

  static void recordFirst(ControllerEvents events, Deployment deployment, String replicaSet, int replicas) {
    events.scaledReplicaSet(deployment, replicaSet, 0, replicas);
  }

  static void recordRollout(ControllerEvents events, Deployment deployment, String from, String to, int replicas,
      RollingUpdate bounds) {
    int newReplicas = 0;
    int oldReplicas = replicas;
    while (newReplicas < replicas || oldReplicas > 0) {
      int up = Math.min(replicas, replicas + bounds.maxSurge() - oldReplicas);
      if (up > newReplicas) {
        events.scaledReplicaSet(deployment, to, newReplicas, up);
        newReplicas = up;
      }
      int down = Math.max(0, Math.min(oldReplicas, newReplicas + oldReplicas - (replicas - bounds.maxUnavailable())));
      if (down > 0) {
        events.scaledReplicaSet(deployment, from, oldReplicas, oldReplicas - down);
        oldReplicas -= down;
      } else if (up <= newReplicas && newReplicas >= replicas && oldReplicas > 0) {
        events.scaledReplicaSet(deployment, from, oldReplicas, 0);
        oldReplicas = 0;
      }
    }
  }
}
