package io.drillbook.kube;

import static io.drillbook.kube.KubeFixtures.NAME;
import static io.drillbook.kube.KubeFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.PreflightException;
import io.drillbook.drill.RollbackPlan;
import io.drillbook.drill.RolloutOutcome;
import io.drillbook.drill.UndoResult;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fabric8 adapter against a real HTTP API (the fabric8 mock server in CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class KubernetesClusterTest {
  private static final String V1 = "registry.example.com/ledger:2.1.0";
  private static final String V2 = "registry.example.com/ledger:2.2.0";
  private static final String V3 = "registry.example.com/ledger:2.3.0";
  private static final TargetConfig TARGET = new TargetConfig(null, null, NS, NAME);

  KubernetesClient client;
  private KubernetesCluster cluster;
  private final ScheduledExecutorService controller = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void seed() {
    client.apps().deployments().inNamespace(NS).resource(KubeFixtures.deployment(V3, 3)).create();
    Deployment created = client.apps().deployments().inNamespace(NS).withName(NAME).get();
    String uid = created.getMetadata().getUid();
    // The mock may assign its own uid; the owner references must carry whatever the server says.
    createReplicaSet(KubeFixtures.replicaSet(V1, 1, "6b8d7f9c5", uid, 0));
    createReplicaSet(KubeFixtures.replicaSet(V2, 2, "7c4f5d8b9", uid, 0));
    createReplicaSet(KubeFixtures.replicaSet(V3, 3, "5d8f9c7b6", uid, 3));
    // Same labels, newer revision, but another Deployment controls it: kubectl ignores it, so must we.
    createReplicaSet(KubeFixtures.replicaSet("registry.example.com/ledger:6.6.6", 4, "9e8d7c6b5",
        "0d3e0c55-0000-4000-8000-000000000000", 0));
    markRolledOut();
    cluster = new KubernetesCluster(client, System::nanoTime, "mock");
  }

  @AfterEach
  void stop() {
    controller.shutdownNow();
  }

  private void createReplicaSet(ReplicaSet rs) {
    client.apps().replicaSets().inNamespace(NS).resource(rs).create();
  }

  private void markRolledOut() {
    Deployment d = client.apps().deployments().inNamespace(NS).withName(NAME).get();
    d.getStatus().setObservedGeneration(d.getMetadata().getGeneration());
    client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
  }

  @Test
  void planTargetsPreviousOwnedRevisionAndIgnoresForeignReplicaSet() throws Exception {
    RollbackPlan plan = cluster.plan(TARGET, OptionalLong.empty());
    assertThat(plan).isEqualTo(new RollbackPlan(3, V3, 2, V2, false, "9f2c1e7b4a6d8e0f1a2b3c4d5e6f708192a3b4c5"));
  }

  @Test
  void planRefusesRevisionOwnedBySomeoneElse() {
    assertThatThrownBy(() -> cluster.plan(TARGET, OptionalLong.of(4)))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("unable to find specified revision 4 in history");
  }

  @Test
  void planRefusesMissingRevision() {
    assertThatThrownBy(() -> cluster.plan(TARGET, OptionalLong.of(12)))
        .isInstanceOf(PreflightException.class)
        .hasMessage("deployment payments-staging/ledger-api: unable to find specified revision 12 in history");
  }

  @Test
  void planRefusesPausedDeployment() {
    client.apps().deployments().inNamespace(NS).withName(NAME).edit(d -> {
      d.getSpec().setPaused(true);
      return d;
    });
    markRolledOut();
    assertThatThrownBy(() -> cluster.plan(TARGET, OptionalLong.empty()))
        .isInstanceOf(PreflightException.class).hasMessageContaining("is paused");
  }

  @Test
  void planRefusesDeploymentStillRollingOut() {
    Deployment d = client.apps().deployments().inNamespace(NS).withName(NAME).get();
    d.getStatus().setAvailableReplicas(1);
    client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
    assertThatThrownBy(() -> cluster.plan(TARGET, OptionalLong.empty()))
        .isInstanceOf(PreflightException.class)
        .hasMessageContaining("is not fully rolled out")
        .hasMessageContaining("1 of 3 updated replicas are available");
  }

  @Test
  void planRefusesMissingDeployment() {
    assertThatThrownBy(() -> cluster.plan(new TargetConfig(null, null, NS, "nope"), OptionalLong.empty()))
        .isInstanceOf(PreflightException.class).hasMessageContaining("payments-staging/nope not found");
  }

  @Test
  void planReportsWhenTheTemplateAlreadyMatchesTheTarget() throws Exception {
    // Revision 1 holds the same template as the running one: kubectl would say "skipped rollback".
    ReplicaSet rs1 = client.apps().replicaSets().inNamespace(NS).withName(NAME + "-6b8d7f9c5").get();
    rs1.getSpec().setTemplate(KubeFixtures.template(V3, "6b8d7f9c5"));
    client.apps().replicaSets().inNamespace(NS).resource(rs1).update();
    RollbackPlan plan = cluster.plan(TARGET, OptionalLong.of(1));
    assertThat(plan.alreadyAtTarget()).isTrue();
    assertThat(cluster.undo(TARGET, 1)).isEqualTo(
        new UndoResult(true, "skipped rollback (current template already matches revision 1)"));
  }

  @Test
  void undoPatchesTemplateAndAnnotationsLikeKubectl() throws Exception {
    long generationBefore = client.apps().deployments().inNamespace(NS).withName(NAME).get().getMetadata().getGeneration();
    UndoResult result = cluster.undo(TARGET, 2);
    assertThat(result.skipped()).isFalse();
    Deployment d = client.apps().deployments().inNamespace(NS).withName(NAME).get();
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(V2);
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey("pod-template-hash");
    assertThat(d.getMetadata().getAnnotations())
        .containsEntry("deployment.kubernetes.io/revision", "3")
        .containsEntry("kubernetes.io/change-cause", "deploy " + V2);
    assertThat(d.getMetadata().getGeneration()).isGreaterThan(generationBefore);
  }

  @Test
  void awaitRolloutCompletesWhenTheControllerReportsItRolledOut() throws Exception {
    cluster.undo(TARGET, 2);
    controller.schedule(() -> {
      Deployment d = client.apps().deployments().inNamespace(NS).withName(NAME).get();
      d.getStatus().setObservedGeneration(d.getMetadata().getGeneration());
      client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
    }, 300, TimeUnit.MILLISECONDS);
    RolloutOutcome outcome = cluster.awaitRollout(TARGET, Duration.ofSeconds(20), new Abort());
    assertThat(outcome.state()).isEqualTo(RolloutOutcome.State.COMPLETE);
    assertThat(outcome.image()).isEqualTo(V2);
    assertThat(outcome.message()).isEqualTo("deployment \"ledger-api\" successfully rolled out");
  }

  @Test
  void awaitRolloutFailsAtOnceOnProgressDeadlineExceeded() throws Exception {
    cluster.undo(TARGET, 2);
    controller.schedule(() -> {
      Deployment d = client.apps().deployments().inNamespace(NS).withName(NAME).get();
      d.getStatus().setObservedGeneration(d.getMetadata().getGeneration());
      d.getStatus().setUpdatedReplicas(1);
      d.getStatus().getConditions().set(1, new DeploymentConditionBuilder().withType("Progressing")
          .withStatus("False").withReason("ProgressDeadlineExceeded")
          .withMessage("ReplicaSet \"ledger-api-7c4f5d8b9\" has timed out progressing.").build());
      client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
    }, 200, TimeUnit.MILLISECONDS);
    long start = System.nanoTime();
    RolloutOutcome outcome = cluster.awaitRollout(TARGET, Duration.ofMinutes(5), new Abort());
    assertThat(outcome.state()).isEqualTo(RolloutOutcome.State.FAILED);
    assertThat(outcome.message()).contains("exceeded its progress deadline");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void awaitRolloutTimesOutWhileStillProgressing() throws Exception {
    cluster.undo(TARGET, 2);
    RolloutOutcome outcome = cluster.awaitRollout(TARGET, Duration.ofMillis(700), new Abort());
    assertThat(outcome.state()).isEqualTo(RolloutOutcome.State.TIMED_OUT);
    assertThat(outcome.message()).contains("Waiting for deployment spec update to be observed");
  }

  @Test
  void awaitRolloutEndsWhenTheDrillIsAborted() throws Exception {
    cluster.undo(TARGET, 2);
    Abort abort = new Abort();
    CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(() -> abort.fire("operator pressed Ctrl-C"));
    RolloutOutcome outcome = cluster.awaitRollout(TARGET, Duration.ofMinutes(5), abort);
    assertThat(outcome.state()).isEqualTo(RolloutOutcome.State.ABORTED);
    assertThat(outcome.message()).contains("operator pressed Ctrl-C");
  }
}
