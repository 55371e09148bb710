package io.drillbook.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.ClusterException;
import io.drillbook.logs.RepeatedTrace;
import io.drillbook.logs.RepeatingTraces;
import io.drillbook.sandbox.MutableClock;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PodLogReaderTest {
  static final String NS = "intelgraph-staging";
  static final String NAME = "maestro-orchestrator";
  static final TargetConfig TARGET = new TargetConfig(null, null, NS, NAME);

  private final MutableClock clock = new MutableClock();
  private Sandbox sandbox;

  private KubernetesClient start(Scenario scenario) throws IOException {
    sandbox = Sandbox.start(SandboxOptions.maestroDemo(scenario).withRolloutDelay(Duration.ofMillis(60))
        .withClock(clock));
    return sandbox.client();
  }

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void readsTheLastWindowOfEveryContainerOfTheDeploymentsPods() throws Exception {
    KubernetesClient client = start(Scenario.PASS);
    // A pod matching the selector that no ReplicaSet of the Deployment owns is not the Deployment's.
    client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("debug-shell")
        .addToLabels("app", NAME).endMetadata().withNewSpec().addNewContainer().withName("sh").withImage("busybox")
        .endContainer().endSpec().build()).create();
    clock.advance(Duration.ofMinutes(10));

    Map<String, List<String>> logs = new PodLogReader(client).recentLogs(TARGET, Duration.ofSeconds(60));

    assertThat(logs).hasSize(3);
    Instant now = clock.instant();
    logs.forEach((key, lines) -> {
      assertThat(key).matches(NAME + "-[a-z0-9]+-[a-z0-9]{5}/orchestrator");
      assertThat(lines).hasSizeBetween(58, 62).allSatisfy(line -> {
        Instant at = Instant.parse(line.substring(0, line.indexOf(' ')));
        assertThat(at).isAfter(now.minusSeconds(61)).isBeforeOrEqualTo(now);
      });
    });
    assertThat(RepeatingTraces.find(logs, 3)).isEmpty();
  }

  @Test
  void afterRollingBackToACrashingImageTheRepeatedTraceIsFound() throws Exception {
    KubernetesClient client = start(Scenario.CRASH);
    KubernetesCluster cluster = new KubernetesCluster(client, System::nanoTime, "sandbox");
    var plan = cluster.plan(TARGET, OptionalLong.empty());
    cluster.undo(TARGET, plan.toRevision());
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      Deployment d = client.apps().deployments().inNamespace(NS).withName(NAME).get();
      return RolloutStatus.of(d).done() && client.pods().inNamespace(NS).withLabel("app", NAME).list().getItems()
          .size() == 3;
    });
    clock.advance(Duration.ofMinutes(2));

    Map<String, List<String>> logs = new PodLogReader(client).recentLogs(TARGET, Duration.ofMinutes(5));
    List<RepeatedTrace> traces = RepeatingTraces.find(logs, 3);

    assertThat(logs).hasSize(3);
    assertThat(traces).singleElement().satisfies(t -> {
      assertThat(t.signature()).isEqualTo("java.lang.IllegalStateException: orchestration queue closed");
      assertThat(t.count()).isGreaterThanOrEqualTo(3 * 20);
      assertThat(t.pods()).hasSize(3);
      assertThat(t.firstLines()).hasSize(5);
      assertThat(t.firstTimestamp()).isNotNull().isBefore(clock.instant());
    });
  }

  @Test
  void unknownDeploymentIsAClusterException() throws Exception {
    KubernetesClient client = start(Scenario.PASS);

    assertThatThrownBy(() -> new PodLogReader(client).recentLogs(new TargetConfig(null, null, NS, "nope"),
        Duration.ofMinutes(5)))
        .isInstanceOf(ClusterException.class).hasMessage("deployment " + NS + "/nope not found");
  }

  @Test
  void unreachableApiIsAOneLineClusterException() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port)
        .withRequestRetryBackoffLimit(0).build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThatThrownBy(() -> new PodLogReader(client).recentLogs(TARGET, Duration.ofMinutes(5)))
          .isInstanceOf(ClusterException.class)
          .hasMessageStartingWith("cannot list pods of " + NS + "/" + NAME + ": API server unreachable")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }
}
