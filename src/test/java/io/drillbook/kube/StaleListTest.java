package io.drillbook.kube;

import static io.drillbook.kube.KubeFixtures.NAME;
import static io.drillbook.kube.KubeFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.RolloutOutcome;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real API server answers a list with {@code resourceVersion=0} (what informers send) from its watch cache, which
 * can lag behind a write that has already been acknowledged. Right after drillbook's own patch, that cached list still
 * shows the previous rollout, finished; the rollout watch must not take it for the rollout it is waiting for.
 */
class StaleListTest {
  private static final TargetConfig TARGET = new TargetConfig(null, null, NS, NAME);
  private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/" + NS + "/deployments";
  private static final String ROLLED_BACK = "registry.example.com/ledger:2.2.0";

  /** The CRUD mock whose {@code resourceVersion=0} lists, while lagging, answer a snapshot taken before. */
  static final class LaggingWatchCache extends KubernetesCrudDispatcher {
    final AtomicReference<String> snapshot = new AtomicReference<>();
    final AtomicBoolean servedStale = new AtomicBoolean();

    void lagFromNow() {
      snapshot.set(handleGet(DEPLOYMENTS).getBody().readUtf8());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getPath();
      String stale = snapshot.get();
      if (stale != null && "GET".equals(request.getMethod()) && path.startsWith(DEPLOYMENTS)
          && path.contains("resourceVersion=0") && !path.contains("watch=true")) {
        servedStale.set(true);
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
            .setBody(stale.replace("\"kind\":\"List\"", "\"kind\":\"DeploymentList\""));
      }
      return super.dispatch(request);
    }
  }

  private final LaggingWatchCache dispatcher = new LaggingWatchCache();
  private KubernetesMockServer server;
  private KubernetesClient direct;
  private KubernetesCluster cluster;

  @BeforeEach
  void start() throws Exception {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    direct = server.createClient();
    KubeFixtures.seedRolledOut(direct);
    KubernetesClient own = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl("http://127.0.0.1:" + server.getPort()).withHttp2Disable(true).build()).build();
    cluster = new KubernetesCluster(own, System::nanoTime, "mock");
  }

  @AfterEach
  void stop() {
    cluster.close();
    direct.close();
    server.destroy();
  }

  private void markRolledOut() {
    KubeFixtures.markRolledOut(direct);
  }

  @Test
  void aCachedCopyOfThePreviousFinishedRolloutIsNotTakenForTheRolloutJustStarted() throws Exception {
    dispatcher.lagFromNow();
    cluster.undo(TARGET, 2);
    Deployment patched = direct.apps().deployments().inNamespace(NS).withName(NAME).get();
    assertThat(patched.getMetadata().getGeneration()).as("the undo is a new generation").isGreaterThan(
        patched.getStatus().getObservedGeneration());

    CompletableFuture<RolloutOutcome> outcome = CompletableFuture.supplyAsync(() -> {
      try {
        return cluster.awaitRollout(TARGET, Duration.ofSeconds(60), new Abort());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    await().atMost(Duration.ofSeconds(20)).untilTrue(dispatcher.servedStale);
    // Long enough for a stale copy to have been judged: the informer hands its list to the handler at once.
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !outcome.isDone());

    markRolledOut();

    RolloutOutcome done = outcome.get(30, TimeUnit.SECONDS);
    assertThat(done.state()).isEqualTo(RolloutOutcome.State.COMPLETE);
    assertThat(done.image()).as("the rolled-back image, not the cached previous one").isEqualTo(ROLLED_BACK);
  }
}
