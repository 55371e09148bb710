package io.drillbook.kube;

import static io.drillbook.kube.KubeFixtures.NAME;
import static io.drillbook.kube.KubeFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.RolloutOutcome;
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
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollout watch survives what a real API server does when a watch resumes from a resourceVersion it no longer
 * keeps: one {@code ERROR} event carrying a {@code 410 Gone} Status ("too old resource version"), then the stream
 * ends. The informer must list again and keep watching, and the drill still sees the rollout complete.
 */
class WatchGoneTest {
  private static final TargetConfig TARGET = new TargetConfig(null, null, NS, NAME);
  private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/" + NS + "/deployments";

  /**
   * The CRUD mock, which can end every open watch from the server side (as an API server does at
   * {@code timeoutSeconds} or on restart) and, when armed, answers the next resumed watch (one with a
   * resourceVersion) with 410 Gone. Closing happens off the mock's event loop, where vert.x wants it.
   */
  static final class GoneOnResume extends KubernetesCrudDispatcher {
    final AtomicBoolean armed = new AtomicBoolean();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<WebSocket> open = new CopyOnWriteArrayList<>();
    private final ExecutorService closer = Executors.newSingleThreadExecutor();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (request.getPath().startsWith(DEPLOYMENTS) && "GET".equals(request.getMethod())) {
        requests.add(request.getPath().contains("watch=true") ? "watch" : "list");
      }
      return super.dispatch(request);
    }

    @Override
    public MockResponse handleWatch(String path) {
      if (path.contains("resourceVersion=") && armed.compareAndSet(true, false)) {
        requests.add("410");
        String rv = path.replaceAll(".*resourceVersion=([0-9]+).*", "$1");
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
          @Override
          public void onOpen(WebSocket ws, Response response) {
            ws.send("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version: " + rv
                + " (" + (Long.parseLong(rv) + 1000) + ")\",\"reason\":\"Expired\",\"code\":410}}");
            closer.execute(() -> ws.close(1000, ""));
          }
        });
      }
      MockResponse response = super.handleWatch(path);
      WebSocketListener crud = response.getWebSocketListener();
      return response.withWebSocketUpgrade(new WebSocketListener() {
        @Override
        public void onOpen(WebSocket ws, Response r) {
          open.add(ws);
          crud.onOpen(ws, r);
        }

        @Override
        public void onMessage(WebSocket ws, String text) {
          crud.onMessage(ws, text);
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
          crud.onClosing(ws, code, reason);
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
          open.remove(ws);
          closer.execute(() -> crud.onClosed(ws, code, reason));
        }

        @Override
        public void onFailure(WebSocket ws, Throwable t, Response r) {
          open.remove(ws);
          closer.execute(() -> crud.onFailure(ws, t, r));
        }
      });
    }

    /** Ends every open watch from the server side. */
    void closeWatches() {
      for (WebSocket ws : open) {
        closer.execute(() -> ws.close(1000, ""));
      }
    }

    void stopClosing() {
      closer.shutdownNow();
    }
  }

  private final GoneOnResume dispatcher = new GoneOnResume();
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
        .withMasterUrl("http://127.0.0.1:" + server.getPort()).withHttp2Disable(true).withRequestRetryBackoffLimit(3)
        .build()).build();
    cluster = new KubernetesCluster(own, System::nanoTime, "mock");
  }

  @AfterEach
  void stop() {
    cluster.close();
    direct.close();
    server.destroy();
    dispatcher.stopClosing();
  }

  private void markRolledOut() {
    KubeFixtures.markRolledOut(direct);
  }

  @Test
  void resumedWatchAnswered410GoneRelistsAndStillSeesTheRolloutComplete() throws Exception {
    cluster.undo(TARGET, 2);
    CompletableFuture<RolloutOutcome> outcome = CompletableFuture.supplyAsync(() -> {
      try {
        return cluster.awaitRollout(TARGET, Duration.ofSeconds(60), new Abort());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> !dispatcher.open.isEmpty());
    dispatcher.armed.set(true);
    dispatcher.closeWatches();
    await().atMost(Duration.ofSeconds(30)).until(() -> dispatcher.requests.contains("410"));
    int gone = dispatcher.requests.indexOf("410");
    await().atMost(Duration.ofSeconds(30)).until(() -> dispatcher.requests.subList(gone, dispatcher.requests.size())
        .containsAll(List.of("list", "watch")));
    assertThat(outcome).isNotDone();

    markRolledOut();

    RolloutOutcome done = outcome.get(30, TimeUnit.SECONDS);
    assertThat(done.state()).isEqualTo(RolloutOutcome.State.COMPLETE);
    assertThat(done.image()).isEqualTo("registry.example.com/ledger:2.2.0");
    assertThat(dispatcher.requests.subList(gone, dispatcher.requests.size())).as("relisted after 410, then watched")
        .containsSubsequence("410", "list", "watch");
  }
}
