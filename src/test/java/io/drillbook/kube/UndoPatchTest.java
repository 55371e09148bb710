package io.drillbook.kube;

import static io.drillbook.kube.KubeFixtures.UID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UndoPatchTest {
  private final Deployment deployment = KubeFixtures.deployment("registry.example.com/ledger:2.3.0", 3);
  private final ReplicaSet target = KubeFixtures.replicaSet("registry.example.com/ledger:2.2.0", 2, "7c4f5d8b9", UID, 0);

  @Test
  void keepsControllerAnnotationsOfTheDeploymentAndCopiesTheOthersFromTheReplicaSet() {
    deployment.getMetadata().getAnnotations().put("kubectl.kubernetes.io/last-applied-configuration", "{}");
    target.getMetadata().getAnnotations().put("team", "ledger");
    Map<String, String> a = UndoPatch.annotations(deployment, target);
    assertThat(a).containsEntry("deployment.kubernetes.io/revision", "3")
        .containsEntry("kubectl.kubernetes.io/last-applied-configuration", "{}")
        .containsEntry("kubernetes.io/change-cause", "deploy registry.example.com/ledger:2.2.0")
        .containsEntry("team", "ledger")
        .doesNotContainKeys("deployment.kubernetes.io/desired-replicas", "deployment.kubernetes.io/max-replicas");
  }

  @Test
  void patchReplacesTemplateWithoutTheHashLabel() throws Exception {
    JsonNode ops = new ObjectMapper().readTree(UndoPatch.json(deployment, target));
    assertThat(ops).hasSize(2);
    assertThat(ops.get(0).get("op").asText()).isEqualTo("replace");
    assertThat(ops.get(0).get("path").asText()).isEqualTo("/spec/template");
    PodTemplateSpec sent = new ObjectMapper().treeToValue(ops.get(0).get("value"), PodTemplateSpec.class);
    assertThat(sent.getMetadata().getLabels()).containsOnly(Map.entry("app", "ledger-api"));
    assertThat(sent.getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example.com/ledger:2.2.0");
    assertThat(ops.get(1).get("path").asText()).isEqualTo("/metadata/annotations");
    assertThat(ops.get(1).get("op").asText()).isEqualTo("replace");
  }

  @Test
  void addsAnnotationsWhenTheDeploymentHasNone() throws Exception {
    deployment.getMetadata().setAnnotations(null);
    JsonNode ops = new ObjectMapper().readTree(UndoPatch.json(deployment, target));
    assertThat(ops.get(1).get("op").asText()).isEqualTo("add");
  }

  @Test
  void templatesDifferingOnlyInHashLabelOrEmptyCollectionsAreEqual() {
    PodTemplateSpec a = KubeFixtures.template("img:1", "abc");
    PodTemplateSpec b = KubeFixtures.template("img:1", null);
    b.getSpec().setVolumes(java.util.List.of());
    assertThat(PodTemplates.equalIgnoringHash(a, b)).isTrue();
    assertThat(PodTemplates.equalIgnoringHash(a, KubeFixtures.template("img:2", "abc"))).isFalse();
  }
}
