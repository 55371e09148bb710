package io.drillbook.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import org.junit.jupiter.api.Test;

class RolloutStatusTest {
  private static Deployment rolledOut() {
    return KubeFixtures.deployment("registry.example.com/ledger:2.3.0", 5);
  }

  @Test
  void fullyRolledOutDeploymentIsDone() {
    RolloutStatus s = RolloutStatus.of(rolledOut());
    assertThat(s.done()).isTrue();
    assertThat(s.message()).isEqualTo("deployment \"ledger-api\" successfully rolled out");
  }

  @Test
  void unobservedGenerationIsWaiting() {
    Deployment d = rolledOut();
    d.getMetadata().setGeneration(5L);
    RolloutStatus s = RolloutStatus.of(d);
    assertThat(s.done()).isFalse();
    assertThat(s.message()).isEqualTo("Waiting for deployment spec update to be observed...");
  }

  @Test
  void fewerUpdatedThanSpecIsWaiting() {
    Deployment d = rolledOut();
    d.getStatus().setUpdatedReplicas(1);
    assertThat(RolloutStatus.of(d).message()).endsWith("1 out of 3 new replicas have been updated...");
  }

  @Test
  void oldReplicasPendingTerminationIsWaiting() {
    Deployment d = rolledOut();
    d.getStatus().setReplicas(4);
    assertThat(RolloutStatus.of(d).message()).endsWith("1 old replicas are pending termination...");
  }

  @Test
  void unavailableUpdatedReplicasIsWaiting() {
    Deployment d = rolledOut();
    d.getStatus().setAvailableReplicas(2);
    RolloutStatus s = RolloutStatus.of(d);
    assertThat(s.done()).isFalse();
    assertThat(s.message()).endsWith("2 of 3 updated replicas are available...");
  }

  @Test
  void progressDeadlineExceededFailsAtOnce() {
    Deployment d = rolledOut();
    d.getStatus().setAvailableReplicas(2);
    d.getStatus().getConditions().set(1, new DeploymentConditionBuilder().withType("Progressing")
        .withStatus("False").withReason("ProgressDeadlineExceeded")
        .withMessage("ReplicaSet \"ledger-api-7c9d\" has timed out progressing.").build());
    RolloutStatus s = RolloutStatus.of(d);
    assertThat(s.failed()).isTrue();
    assertThat(s.done()).isFalse();
    assertThat(s.message()).isEqualTo("deployment \"ledger-api\" exceeded its progress deadline");
  }

  @Test
  void deadlineConditionIsIgnoredUntilTheGenerationIsObserved() {
    Deployment d = rolledOut();
    d.getMetadata().setGeneration(9L);
    d.getStatus().getConditions().set(1, new DeploymentConditionBuilder().withType("Progressing")
        .withStatus("False").withReason("ProgressDeadlineExceeded").build());
    assertThat(RolloutStatus.of(d).failed()).isFalse();
  }
}
