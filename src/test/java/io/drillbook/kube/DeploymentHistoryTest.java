package io.drillbook.kube;

import static io.drillbook.kube.KubeFixtures.UID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DeploymentHistoryTest {
  private static final String V1 = "registry.example.com/ledger:2.1.0";
  private static final String V2 = "registry.example.com/ledger:2.2.0";
  private static final String V3 = "registry.example.com/ledger:2.3.0";

  private final Deployment deployment = KubeFixtures.deployment(V3, 3);
  private final ReplicaSet rs1 = KubeFixtures.replicaSet(V1, 1, "6b8d7f9c5", UID, 0);
  private final ReplicaSet rs2 = KubeFixtures.replicaSet(V2, 2, "7c4f5d8b9", UID, 0);
  private final ReplicaSet rs3 = KubeFixtures.replicaSet(V3, 3, "5d8f9c7b6", UID, 3);

  @Test
  void defaultTargetIsTheSecondHighestRevision() throws Exception {
    DeploymentHistory h = DeploymentHistory.of(deployment, List.of(rs3, rs1, rs2));
    assertThat(h.target(OptionalLong.empty())).isSameAs(rs2);
  }

  @Test
  void previousSkipsRevisionsARolloutRestartMade_theSameReleaseWithANewRestartedAtAnnotation() throws Exception {
    // V2, then V3, then `kubectl rollout restart` twice: revisions 4 and 5 run V3 like 3, annotated restartedAt.
    Deployment restarted = KubeFixtures.deployment(V3, 5);
    restarted.getSpec().getTemplate().getMetadata().getAnnotations()
        .put(PodTemplates.RESTARTED_AT, "2026-12-04T09:00:00Z");
    ReplicaSet rs4 = restartOf(KubeFixtures.replicaSet(V3, 4, "9a8b7c6d5", UID, 0), "2026-12-04T08:00:00Z");
    ReplicaSet rs5 = restartOf(KubeFixtures.replicaSet(V3, 5, "8b7c6d5e4", UID, 3), "2026-12-04T09:00:00Z");
    DeploymentHistory h = DeploymentHistory.of(restarted, List.of(rs1, rs2, rs3, rs4, rs5));

    assertThat(h.target(OptionalLong.empty())).isSameAs(rs2);
    assertThat(h.target(OptionalLong.of(4))).as("an explicit revision is taken as asked").isSameAs(rs4);
  }

  @Test
  void aHistoryOfRestartsAloneHasNoOtherReleaseToRollBackTo() {
    Deployment restarted = KubeFixtures.deployment(V3, 4);
    restarted.getSpec().getTemplate().getMetadata().getAnnotations()
        .put(PodTemplates.RESTARTED_AT, "2026-12-04T09:00:00Z");
    ReplicaSet rs4 = restartOf(KubeFixtures.replicaSet(V3, 4, "9a8b7c6d5", UID, 3), "2026-12-04T09:00:00Z");
    DeploymentHistory h = DeploymentHistory.of(restarted, List.of(rs3, rs4));

    assertThatThrownBy(() -> h.target(OptionalLong.empty()))
        .hasMessageContaining("runs the same release, differing only by a restart");
  }

  private static ReplicaSet restartOf(ReplicaSet rs, String at) {
    rs.getSpec().getTemplate().getMetadata().getAnnotations().put(PodTemplates.RESTARTED_AT, at);
    return rs;
  }

  @Test
  void explicitRevisionIsFound() throws Exception {
    DeploymentHistory h = DeploymentHistory.of(deployment, List.of(rs1, rs2, rs3));
    assertThat(h.target(OptionalLong.of(1))).isSameAs(rs1);
  }

  @Test
  void missingRevisionUsesKubectlsWording() {
    DeploymentHistory h = DeploymentHistory.of(deployment, List.of(rs1, rs2, rs3));
    assertThatThrownBy(() -> h.target(OptionalLong.of(9)))
        .hasMessage("unable to find specified revision 9 in history");
  }

  @Test
  void replicaSetControlledByAnotherOwnerIsIgnored() throws Exception {
    ReplicaSet foreign = KubeFixtures.replicaSet("registry.example.com/ledger:9.9.9", 7, "8a9b7c6d5",
        "0d3e0c55-0000-4000-8000-000000000000", 0);
    DeploymentHistory h = DeploymentHistory.of(deployment, List.of(rs1, rs2, rs3, foreign));
    assertThat(h.owned()).containsExactly(rs1, rs2, rs3);
    assertThat(h.target(OptionalLong.empty())).isSameAs(rs2);
    assertThatThrownBy(() -> h.target(OptionalLong.of(7))).hasMessageContaining("revision 7");
  }

  @Test
  void replicaSetWithoutControllerFlagIsIgnored() {
    ReplicaSet orphanish = KubeFixtures.replicaSet(V1, 8, "1a2b3c4d5", UID, 0);
    orphanish.getMetadata().getOwnerReferences().get(0).setController(false);
    assertThat(DeploymentHistory.of(deployment, List.of(orphanish, rs3)).owned()).containsExactly(rs3);
  }

  @Test
  void singleRevisionHasNoRollbackTarget() {
    DeploymentHistory h = DeploymentHistory.of(deployment, List.of(rs3));
    assertThatThrownBy(() -> h.target(OptionalLong.empty()))
        .hasMessageContaining("no rollout history found for deployment \"ledger-api\"")
        .hasMessageContaining("needs at least two");
  }

  @Test
  void currentIsTheReplicaSetMatchingTheTemplateIgnoringHash() {
    DeploymentHistory h = DeploymentHistory.of(deployment, List.of(rs1, rs2, rs3));
    assertThat(h.current()).contains(rs3);
    assertThat(h.currentRevision()).hasValue(3);
  }
}
