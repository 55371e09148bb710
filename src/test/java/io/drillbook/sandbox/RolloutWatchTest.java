package io.drillbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RolloutWatchTest {

  /** What one watch event said about the rollout. */
  record Seen(Long observedGeneration, Integer replicas, Integer updated, Integer available, String progressing) {}

  @Test
  void informerSeesEveryStatusTransitionOfARollout() throws Exception {
    SandboxOptions options = SandboxOptions.maestroDemo(Scenario.PASS).withRolloutDelay(Duration.ofMillis(80));
    try (Sandbox sandbox = Sandbox.start(options)) {
      KubernetesClient client = sandbox.client();
      List<Seen> seen = new CopyOnWriteArrayList<>();
      try (SharedIndexInformer<Deployment> informer = client.apps().deployments().inNamespace(SandboxTest.NS)
          .withName(SandboxTest.NAME).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
              seen.add(seen(d));
            }

            @Override
            public void onUpdate(Deployment oldD, Deployment d) {
              seen.add(seen(d));
            }

            @Override
            public void onDelete(Deployment d, boolean unknown) {}
          })) {
        await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());

        Drills.setImage(client, SandboxTest.NS, SandboxTest.NAME, "registry.example.com/maestro/orchestrator:1.4.3");

        await().atMost(Duration.ofSeconds(10)).until(() -> !sandbox.rolloutCompletions().isEmpty()
            && "NewReplicaSetAvailable".equals(seen.get(seen.size() - 1).progressing())
            && seen.get(seen.size() - 1).observedGeneration() == 2L);
      }
      List<String> reasons = new ArrayList<>();
      seen.stream().map(Seen::progressing).forEach(reason -> {
        if (reasons.isEmpty() || !reasons.get(reasons.size() - 1).equals(reason)) {
          reasons.add(reason);
        }
      });
      assertThat(reasons).containsSubsequence("NewReplicaSetAvailable", "NewReplicaSetCreated", "ReplicaSetUpdated",
          "NewReplicaSetAvailable");
      assertThat(seen).extracting(Seen::updated).containsSubsequence(3, 1, 2, 3);
      // Surge: old and new pods together while the new ReplicaSet scales up.
      assertThat(seen).extracting(Seen::replicas).contains(4);
      assertThat(seen).extracting(Seen::available).allMatch(a -> a != null && a >= 3);
    }
  }

  private static Seen seen(Deployment d) {
    var status = d.getStatus();
    String progressing = Drills.condition(d, "Progressing").map(c -> c.getReason()).orElse(null);
    return new Seen(status == null ? null : status.getObservedGeneration(),
        status == null ? null : status.getReplicas(),
        status == null ? null : status.getUpdatedReplicas(),
        status == null ? null : status.getAvailableReplicas(),
        progressing);
  }
}
