package io.drillbook.sandbox;

import static io.drillbook.sandbox.Drills.condition;
import static io.drillbook.sandbox.Drills.deployment;
import static io.drillbook.sandbox.Drills.healthStatus;
import static io.drillbook.sandbox.Drills.replicaSetAtRevision;
import static io.drillbook.sandbox.Drills.replicaSets;
import static io.drillbook.sandbox.Drills.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {

  static final String NS = "intelgraph-staging";
  static final String NAME = "maestro-orchestrator";
  static final String V141 = "registry.example.com/maestro/orchestrator:1.4.1";
  static final String V142 = "registry.example.com/maestro/orchestrator:1.4.2";
  static final Duration STEP = Duration.ofMillis(60);
  static final Duration WAIT = Duration.ofSeconds(10);

  private Sandbox sandbox;

  private KubernetesClient start(Scenario scenario) throws IOException {
    sandbox = Sandbox.start(SandboxOptions.maestroDemo(scenario).withRolloutDelay(STEP));
    return sandbox.client();
  }

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void seedsDeploymentWithOwnedReplicaSetsAndRevisions() throws IOException {
    KubernetesClient client = start(Scenario.PASS);
    Deployment deployment = deployment(client, NS, NAME);

    assertThat(revision(deployment)).isEqualTo("2");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(V142);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey(SeedDeployment.OCI_REVISION_ANNOTATION);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(deployment.getSpec().getProgressDeadlineSeconds()).isPositive();
    assertThat(deployment.getStatus().getObservedGeneration()).isEqualTo(deployment.getMetadata().getGeneration());
    assertThat(deployment.getStatus().getReplicas()).isEqualTo(3);
    assertThat(deployment.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(deployment.getStatus().getAvailableReplicas()).isEqualTo(3);
    assertThat(condition(deployment, "Available")).get()
        .extracting(DeploymentCondition::getStatus, DeploymentCondition::getReason)
        .containsExactly("True", "MinimumReplicasAvailable");

    List<ReplicaSet> owned = replicaSets(client, deployment);
    assertThat(owned).hasSize(2);
    ReplicaSet current = replicaSetAtRevision(client, deployment, 2);
    ReplicaSet previous = replicaSetAtRevision(client, deployment, 1);
    assertThat(condition(deployment, "Progressing")).get()
        .extracting(DeploymentCondition::getStatus, DeploymentCondition::getReason, DeploymentCondition::getMessage)
        .containsExactly("True", "NewReplicaSetAvailable",
            "ReplicaSet \"" + current.getMetadata().getName() + "\" has successfully progressed.");

    for (ReplicaSet rs : owned) {
      String hash = rs.getMetadata().getLabels().get("pod-template-hash");
      assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
      assertThat(rs.getMetadata().getName()).isEqualTo(NAME + "-" + hash);
      assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash)
          .containsEntry("app", NAME);
      assertThat(rs.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
      assertThat(rs.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
        assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
        assertThat(ref.getKind()).isEqualTo("Deployment");
        assertThat(ref.getName()).isEqualTo(NAME);
        assertThat(ref.getUid()).isEqualTo(deployment.getMetadata().getUid());
        assertThat(ref.getController()).isTrue();
        assertThat(ref.getBlockOwnerDeletion()).isTrue();
      });
      assertThat(rs.getMetadata().getAnnotations())
          .containsEntry("deployment.kubernetes.io/desired-replicas", "3")
          .containsEntry("deployment.kubernetes.io/max-replicas", "4");
    }
    assertThat(current.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(V142);
    assertThat(current.getSpec().getReplicas()).isEqualTo(3);
    assertThat(current.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(previous.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(V141);
    assertThat(previous.getSpec().getReplicas()).isZero();
    assertThat(previous.getMetadata().getName()).isNotEqualTo(current.getMetadata().getName());
    assertThat(Drills.healthStatus(sandbox.healthUrl(NS, NAME))).isEqualTo(200);
  }

  @Test
  void templatePatchToOlderRevisionReusesItsReplicaSetWithNextRevision() throws IOException {
    KubernetesClient client = start(Scenario.PASS);
    Deployment before = deployment(client, NS, NAME);
    String oldRsName = replicaSetAtRevision(client, before, 1).getMetadata().getName();

    Drills.undoTo(client, NS, NAME, 1);

    await().atMost(WAIT).untilAsserted(() -> {
      Deployment d = deployment(client, NS, NAME);
      assertThat(revision(d)).isEqualTo("3");
      ReplicaSet reused = replicaSetAtRevision(client, d, 3);
      assertThat(reused.getMetadata().getName()).isEqualTo(oldRsName);
      assertThat(reused.getMetadata().getAnnotations())
          .containsEntry("deployment.kubernetes.io/revision-history", "1");
      assertThat(replicaSets(client, d)).hasSize(2);
    });
    await().atMost(WAIT).untilAsserted(() -> assertThat(sandbox.rolloutCompletions()).singleElement()
        .satisfies(c -> {
          assertThat(c.revision()).isEqualTo(3);
          assertThat(c.image()).isEqualTo(V141);
        }));
    assertThat(deployment(client, NS, NAME).getMetadata().getGeneration())
        .isEqualTo(before.getMetadata().getGeneration() + 1);
  }

  @Test
  void newTemplateCreatesReplicaSetWithNextRevision() throws IOException {
    KubernetesClient client = start(Scenario.PASS);
    String v143 = "registry.example.com/maestro/orchestrator:1.4.3";

    Drills.setImage(client, NS, NAME, v143);

    await().atMost(WAIT).untilAsserted(() -> {
      Deployment d = deployment(client, NS, NAME);
      assertThat(revision(d)).isEqualTo("3");
      assertThat(replicaSets(client, d)).hasSize(3);
      ReplicaSet created = replicaSetAtRevision(client, d, 3);
      assertThat(created.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(v143);
      assertThat(created.getMetadata().getName())
          .isEqualTo(NAME + "-" + created.getMetadata().getLabels().get("pod-template-hash"));
      assertThat(created.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(d.getMetadata().getUid()));
    });
  }

  @Test
  void statusAdvancesToCompleteAndHealthTurns200() throws IOException {
    KubernetesClient client = start(Scenario.PASS);

    Drills.undoTo(client, NS, NAME, 1);

    await().atMost(WAIT).pollInterval(Duration.ofMillis(5))
        .until(() -> healthStatus(sandbox.healthUrl(NS, NAME)) == 503);
    await().atMost(WAIT).until(() -> healthStatus(sandbox.healthUrl(NS, NAME)) == 200);
    Deployment d = deployment(client, NS, NAME);
    assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
    assertThat(d.getStatus().getReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getUnavailableReplicas()).isNull();
    ReplicaSet current = replicaSetAtRevision(client, d, 3);
    assertThat(condition(d, "Progressing")).get()
        .extracting(DeploymentCondition::getReason, DeploymentCondition::getMessage)
        .containsExactly("NewReplicaSetAvailable",
            "ReplicaSet \"" + current.getMetadata().getName() + "\" has successfully progressed.");
    assertThat(replicaSetAtRevision(client, d, 2).getSpec().getReplicas()).isZero();
    assertThat(sandbox.rolloutCompletions()).singleElement()
        .satisfies(c -> assertThat(c.namespace() + "/" + c.deployment()).isEqualTo(NS + "/" + NAME));
  }

  @Test
  void brokenImageEndsInProgressDeadlineExceededAndHealth503() throws IOException {
    KubernetesClient client = start(Scenario.FAIL);

    Drills.undoTo(client, NS, NAME, 1);

    await().atMost(WAIT).untilAsserted(() -> {
      Deployment d = deployment(client, NS, NAME);
      ReplicaSet stuck = replicaSetAtRevision(client, d, 3);
      assertThat(condition(d, "Progressing")).get()
          .extracting(DeploymentCondition::getStatus, DeploymentCondition::getReason, DeploymentCondition::getMessage)
          .containsExactly("False", "ProgressDeadlineExceeded",
              "ReplicaSet \"" + stuck.getMetadata().getName() + "\" has timed out progressing.");
    });
    Deployment d = deployment(client, NS, NAME);
    assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(1);
    assertThat(d.getStatus().getReplicas()).isEqualTo(4);
    assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
    assertThat(healthStatus(sandbox.healthUrl(NS, NAME))).isEqualTo(503);
    assertThat(sandbox.rolloutCompletions()).isEmpty();
  }

  @Test
  void newerChangeMidRolloutSupersedesStuckRollout() throws IOException {
    KubernetesClient client = start(Scenario.FAIL);
    Drills.undoTo(client, NS, NAME, 1);
    await().atMost(WAIT).until(() -> deployment(client, NS, NAME).getStatus().getUpdatedReplicas() != null
        && "3".equals(revision(deployment(client, NS, NAME))));

    // Restore: kubectl rollout undo --to-revision=2 while the broken rollout is still stuck.
    Drills.undoTo(client, NS, NAME, 2);

    await().atMost(WAIT).until(() -> healthStatus(sandbox.healthUrl(NS, NAME)) == 200);
    Deployment d = deployment(client, NS, NAME);
    assertThat(revision(d)).isEqualTo("4");
    ReplicaSet restored = replicaSetAtRevision(client, d, 4);
    assertThat(restored.getMetadata().getAnnotations())
        .containsEntry("deployment.kubernetes.io/revision-history", "2");
    assertThat(replicaSetAtRevision(client, d, 3).getSpec().getReplicas()).isZero();
    assertThat(condition(d, "Progressing")).get().extracting(DeploymentCondition::getReason)
        .isEqualTo("NewReplicaSetAvailable");
    assertThat(sandbox.rolloutCompletions()).singleElement().satisfies(c -> {
      assertThat(c.revision()).isEqualTo(4);
      assertThat(c.image()).isEqualTo(V142);
    });
    // The superseded rollout must never time out afterwards.
    await().during(STEP.multipliedBy(8)).atMost(WAIT).untilAsserted(() ->
        assertThat(condition(deployment(client, NS, NAME), "Progressing")).get()
            .extracting(DeploymentCondition::getReason).isEqualTo("NewReplicaSetAvailable"));
  }

  @Test
  void restoreAfterProgressDeadlineExceededCompletesAndHealthTurns200() throws IOException {
    KubernetesClient client = start(Scenario.FAIL);
    Drills.undoTo(client, NS, NAME, 1);
    await().atMost(WAIT).until(() -> condition(deployment(client, NS, NAME), "Progressing")
        .map(DeploymentCondition::getReason).orElse("").equals("ProgressDeadlineExceeded"));

    Drills.undoTo(client, NS, NAME, 2);

    await().atMost(WAIT).until(() -> healthStatus(sandbox.healthUrl(NS, NAME)) == 200);
    Deployment d = deployment(client, NS, NAME);
    assertThat(condition(d, "Progressing")).get()
        .extracting(DeploymentCondition::getStatus, DeploymentCondition::getReason)
        .containsExactly("True", "NewReplicaSetAvailable");
    assertThat(d.getStatus().getReplicas()).isEqualTo(3);
    assertThat(sandbox.rolloutCompletions()).singleElement()
        .satisfies(c -> assertThat(c.image()).isEqualTo(V142));
  }

  @Test
  void metadataChangeDoesNotStartARollout() throws IOException {
    KubernetesClient client = start(Scenario.PASS);
    Deployment before = deployment(client, NS, NAME);

    client.apps().deployments().inNamespace(NS).withName(NAME)
        .edit(d -> {
          d.getMetadata().getAnnotations().put("drillbook.io/drill", "running");
          return d;
        });

    await().during(STEP.multipliedBy(3)).atMost(WAIT).untilAsserted(() -> {
      Deployment d = deployment(client, NS, NAME);
      assertThat(d.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
      assertThat(revision(d)).isEqualTo("2");
      assertThat(replicaSets(client, d)).hasSize(2);
    });
  }

  @Test
  void kubeconfigIsLoadableByFabric8(@TempDir Path dir) throws IOException {
    start(Scenario.PASS);
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("kubeconfig"));

    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));

    assertThat(config.getMasterUrl()).startsWith(sandbox.kubernetesUrl());
    assertThat(config.getCurrentContext().getName()).isEqualTo("drillbook-sandbox");
    assertThat(config.getCurrentContext().getContext().getCluster()).isEqualTo("drillbook-sandbox");
    assertThat(config.getCurrentContext().getContext().getUser()).isEqualTo("drillbook-sandbox");
    assertThat(config.getAutoOAuthToken()).isNotBlank();
    try (KubernetesClient fromFile = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(fromFile.apps().deployments().inNamespace(NS).withName(NAME).get()).isNotNull();
    }
  }

  @Test
  void healthOfUnknownDeployment404() throws Exception {
    start(Scenario.PASS);

    assertThat(healthStatus(sandbox.healthUrl(NS, "no-such-deployment"))).isEqualTo(404);
    assertThat(healthStatus(sandbox.healthUrl("no-such-namespace", NAME))).isEqualTo(404);
    assertThat(Drills.get(sandbox.healthUrl(NS, NAME)).body()).contains("\"status\":\"ok\"");
  }

  @Test
  void apiRequestCountCountsClientRequestsButNotTheSandboxOwn() throws IOException {
    KubernetesClient client = start(Scenario.PASS);
    assertThat(sandbox.apiRequestCount()).isZero();

    deployment(client, NS, NAME);
    healthStatus(sandbox.healthUrl(NS, NAME));

    assertThat(sandbox.apiRequestCount()).isEqualTo(1);
  }

  @Test
  void firstApiRequestAtIsStampedByTheFirstClientRequestOnly() throws IOException {
    KubernetesClient client = start(Scenario.PASS);
    assertThat(sandbox.firstApiRequestAt()).isEmpty();
    java.time.Instant before = sandbox.options().clock().instant();

    deployment(client, NS, NAME);
    java.time.Instant first = sandbox.firstApiRequestAt().orElseThrow();
    deployment(client, NS, NAME);

    assertThat(first).isAfterOrEqualTo(before);
    assertThat(sandbox.firstApiRequestAt()).contains(first);
  }

  @Test
  void scenarioFailBreaksThePreviousImageOnly() {
    SandboxOptions options = SandboxOptions.maestroDemo(Scenario.FAIL);
    assertThat(options.brokenImages()).containsExactly(V141);
    assertThat(SandboxOptions.maestroDemo(Scenario.PASS).brokenImages()).isEmpty();
    assertThat(options.progressDeadline()).isEqualTo(Duration.ofSeconds(5));
    assertThat(SeedDeployment.maestro().templateAnnotations().values())
        .allSatisfy(a -> assertThat(a.get(SeedDeployment.OCI_REVISION_ANNOTATION)).matches("[0-9a-f]{40}"));
    assertThat(Map.copyOf(SeedDeployment.maestro().templateAnnotations())).containsOnlyKeys(V141, V142);
  }
}
