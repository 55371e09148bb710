package io.drillbook.sandbox;

import static io.drillbook.sandbox.Drills.deployment;
import static io.drillbook.sandbox.Drills.healthStatus;
import static io.drillbook.sandbox.Drills.replicaSetAtRevision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SandboxPodsTest {

  static final String NS = SandboxTest.NS;
  static final String NAME = SandboxTest.NAME;
  static final String V141 = SandboxTest.V141;
  static final String V142 = SandboxTest.V142;
  static final Duration STEP = Duration.ofMillis(60);
  static final Duration WAIT = Duration.ofSeconds(10);

  private final MutableClock clock = new MutableClock();
  private Sandbox sandbox;

  private KubernetesClient start(Scenario scenario) throws IOException {
    sandbox = Sandbox.start(SandboxOptions.maestroDemo(scenario).withRolloutDelay(STEP).withClock(clock));
    return sandbox.client();
  }

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private static List<Pod> pods(KubernetesClient client) {
    return client.pods().inNamespace(NS).withLabel("app", NAME).list().getItems();
  }

  private static String image(Pod pod) {
    return pod.getSpec().getContainers().get(0).getImage();
  }

  private static String condition(Pod pod, String type) {
    return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
        .map(PodCondition::getStatus).findFirst().orElse(null);
  }

  @Test
  void seededReplicaSetHasOneRunningReadyPodPerReplica() throws IOException {
    KubernetesClient client = start(Scenario.PASS);
    ReplicaSet current = replicaSetAtRevision(client, deployment(client, NS, NAME), 2);
    String hash = current.getMetadata().getLabels().get("pod-template-hash");

    List<Pod> pods = pods(client);

    assertThat(pods).hasSize(3).allSatisfy(pod -> {
      assertThat(pod.getMetadata().getName()).matches(current.getMetadata().getName() + "-[a-z0-9]{5}");
      assertThat(pod.getMetadata().getLabels()).containsEntry("app", NAME).containsEntry("pod-template-hash", hash)
          .containsEntry("app.kubernetes.io/part-of", "intelgraph");
      assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
        assertThat(ref.getKind()).isEqualTo("ReplicaSet");
        assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
        assertThat(ref.getName()).isEqualTo(current.getMetadata().getName());
        assertThat(ref.getUid()).isEqualTo(current.getMetadata().getUid());
        assertThat(ref.getController()).isTrue();
      });
      assertThat(image(pod)).isEqualTo(V142);
      assertThat(pod.getSpec().getContainers().get(0).getName()).isEqualTo("orchestrator");
      assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
      assertThat(condition(pod, "Ready")).isEqualTo("True");
      assertThat(Instant.parse(pod.getStatus().getStartTime())).isBeforeOrEqualTo(clock.instant());
      assertThat(pod.getStatus().getContainerStatuses()).singleElement().satisfies(s -> {
        assertThat(s.getReady()).isTrue();
        assertThat(s.getRestartCount()).isZero();
        assertThat(s.getState().getRunning()).isNotNull();
      });
    });
    assertThat(pods.stream().map(p -> p.getMetadata().getName()).distinct()).hasSize(3);
  }

  @Test
  void podsFollowTheRolloutAndOldOnesDisappear() throws IOException {
    KubernetesClient client = start(Scenario.PASS);
    Set<String> before = pods(client).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());

    Drills.undoTo(client, NS, NAME, 1);

    await().atMost(WAIT).untilAsserted(() -> assertThat(pods(client)).hasSize(3).allSatisfy(pod -> {
      assertThat(image(pod)).isEqualTo(V141);
      assertThat(condition(pod, "Ready")).isEqualTo("True");
    }));
    ReplicaSet rolledBack = replicaSetAtRevision(client, deployment(client, NS, NAME), 3);
    assertThat(pods(client)).allSatisfy(pod -> {
      assertThat(before).doesNotContain(pod.getMetadata().getName());
      assertThat(pod.getMetadata().getName()).startsWith(rolledBack.getMetadata().getName() + "-");
    });
    await().atMost(WAIT).until(() -> healthStatus(sandbox.healthUrl(NS, NAME)) == 200);
  }

  @Test
  void brokenImagePodsCrashLoopWithGrowingRestartCount() throws IOException {
    KubernetesClient client = start(Scenario.FAIL);

    Drills.undoTo(client, NS, NAME, 1);

    await().atMost(WAIT).untilAsserted(() -> assertThat(pods(client)).filteredOn(p -> image(p).equals(V141))
        .singleElement().satisfies(pod -> {
          assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
          assertThat(condition(pod, "Ready")).isEqualTo("False");
          ContainerStatus status = pod.getStatus().getContainerStatuses().get(0);
          assertThat(status.getReady()).isFalse();
          assertThat(status.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
          assertThat(status.getRestartCount()).isGreaterThanOrEqualTo(3);
        }));
    assertThat(pods(client)).filteredOn(p -> image(p).equals(V142)).hasSize(3)
        .allSatisfy(pod -> assertThat(condition(pod, "Ready")).isEqualTo("True"));
  }

  @Test
  void fabric8ReadsLogsAndSinceSecondsTailAndTimestampsApply() throws IOException {
    KubernetesClient client = start(Scenario.PASS);
    clock.advance(Duration.ofMinutes(10));
    String pod = pods(client).get(0).getMetadata().getName();

    String all = client.pods().inNamespace(NS).withName(pod).getLog();
    String lastMinute = client.pods().inNamespace(NS).withName(pod).sinceSeconds(60).getLog();
    String tail = client.pods().inNamespace(NS).withName(pod).tailingLines(5).getLog();
    String stamped = client.pods().inNamespace(NS).withName(pod).inContainer("orchestrator").usingTimestamps()
        .sinceSeconds(30).getLog();

    assertThat(all.lines()).hasSizeBetween(595, 605);
    assertThat(all).contains("Starting OrchestratorApplication v1.4.2", "request handled", "health ok")
        .doesNotContain("Exception");
    assertThat(lastMinute.lines()).hasSizeBetween(58, 62);
    // The clock still runs between the two requests, so the later one may hold a newer last line.
    List<String> recent = lastMinute.lines().toList();
    assertThat(all).contains(String.join("\n", recent.subList(0, recent.size() - 1)));
    assertThat(tail.lines()).hasSize(5);
    assertThat(stamped.lines()).hasSizeBetween(28, 32).allSatisfy(line -> {
      assertThat(line).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z .*INFO.*");
      Instant at = Instant.parse(line.substring(0, line.indexOf(' ')));
      assertThat(at).isAfter(clock.instant().minusSeconds(31));
    });
  }

  @Test
  void crashingImageRollsOutHealthyButLogsTheSameTraceEveryFewSeconds() throws IOException {
    KubernetesClient client = start(Scenario.CRASH);

    Drills.undoTo(client, NS, NAME, 1);

    await().atMost(WAIT).untilAsserted(() -> assertThat(pods(client)).hasSize(3)
        .allSatisfy(pod -> assertThat(condition(pod, "Ready")).isEqualTo("True"))
        .allSatisfy(pod -> assertThat(image(pod)).isEqualTo(V141)));
    await().atMost(WAIT).until(() -> healthStatus(sandbox.healthUrl(NS, NAME)) == 200);
    clock.advance(Duration.ofMinutes(2));

    for (Pod pod : pods(client)) {
      String log = client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).sinceSeconds(60).getLog();
      List<String> lines = log.lines().toList();
      assertThat(lines.stream().filter(PodLogs.CRASH_EXCEPTION::equals).count()).isBetween(11L, 13L);
      int at = lines.indexOf(PodLogs.CRASH_EXCEPTION);
      assertThat(lines.get(at - 1)).contains("ERROR").contains("failed");
      assertThat(lines.subList(at + 1, at + 5)).allSatisfy(frame -> assertThat(frame).startsWith("\tat "));
    }
    // The image rolled back from still logs no trace.
    assertThat(pods(client)).noneMatch(p -> image(p).equals(V142));
  }

  @Test
  void unknownPodIs404WithAStatusBody() throws Exception {
    KubernetesClient client = start(Scenario.PASS);

    HttpResponse<String> raw = Drills.get(sandbox.kubernetesUrl() + "/api/v1/namespaces/" + NS
        + "/pods/no-such-pod/log");

    assertThat(raw.statusCode()).isEqualTo(404);
    assertThat(raw.body()).contains("\"kind\":\"Status\"", "\"reason\":\"NotFound\"",
        "\"message\":\"pods \\\"no-such-pod\\\" not found\"", "\"code\":404");
    assertThatThrownBy(() -> client.pods().inNamespace(NS).withName("no-such-pod").getLog())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    String pod = pods(client).get(0).getMetadata().getName();
    assertThatThrownBy(() -> client.pods().inNamespace(NS).withName(pod).inContainer("nope").getLog())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
  }
}
