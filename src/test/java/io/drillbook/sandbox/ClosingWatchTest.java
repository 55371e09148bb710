package io.drillbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drillbook.time.Sleeper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A write that lands while a WebSocket watch is closing: fabric8's watch listener has shut its sender down but not yet
 * left the store's listener set. The write must still be answered (it used to hang the client until its timeout) and
 * the event still reach the watch that stays open.
 */
class ClosingWatchTest {
  private static final String CONFIGMAPS = "/api/v1/namespaces/shop/configmaps";

  @Test
  void aWriteDuringAWatchsCloseIsAnsweredAndStillReachesTheOpenWatch() throws Exception {
    SandboxDispatcher dispatcher = new SandboxDispatcher(Set.of(), "controller",
        new PodLogs(Clock.systemUTC(), Set.of(), Set.of()), Clock.systemUTC(), Sleeper.REAL);
    CountDownLatch sending = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingSocket closing = new RecordingSocket(sending, release);
    RecordingSocket open = new RecordingSocket(null, null);
    WebSocketListener closingWatch = watch(dispatcher, closing);
    watch(dispatcher, open);

    assertThat(create(dispatcher, "first").code()).isEqualTo(201);
    assertThat(sending.await(10, TimeUnit.SECONDS)).as("the closing watch's sender is busy sending").isTrue();
    // Its close now shuts the sender down and waits for the send in flight before leaving the listener set.
    AtomicReference<Thread> closer = new AtomicReference<>();
    CompletableFuture<Void> close = CompletableFuture.runAsync(() -> {
      closer.set(Thread.currentThread());
      closingWatch.onClosed(closing, 1000, "");
    });
    // The close has returned or reached a wait: the window it opens is what is under test.
    await().atMost(Duration.ofSeconds(10)).until(() -> close.isDone() || (closer.get() != null
        && Set.of(Thread.State.WAITING, Thread.State.TIMED_WAITING).contains(closer.get().getState())));
    CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(release::countDown);

    MockResponse second = create(dispatcher, "second");

    assertThat(second.code()).isEqualTo(201);
    close.get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(
        () -> assertThat(open.sent()).as("the open watch got the event").contains("\"name\":\"second\""));
  }

  private static WebSocketListener watch(SandboxDispatcher dispatcher, RecordingSocket socket) {
    WebSocketListener listener = dispatcher.handleWatch(CONFIGMAPS + "?watch=true").getWebSocketListener();
    listener.onOpen(socket, new MockResponse());
    return listener;
  }

  private static MockResponse create(SandboxDispatcher dispatcher, String name) {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\",\"namespace\":\"shop\"},\"data\":{\"k\":\"v\"}}";
    return dispatcher.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.POST, CONFIGMAPS,
        new Headers.Builder().add("Content-Type", "application/json").build(),
        new Buffer(body.getBytes(StandardCharsets.UTF_8))));
  }

  /** A WebSocket whose first send can be held until released, recording what it was sent. */
  private static final class RecordingSocket implements WebSocket {
    private final CountDownLatch sending;
    private final CountDownLatch release;
    private final StringBuffer sent = new StringBuffer();

    RecordingSocket(CountDownLatch sending, CountDownLatch release) {
      this.sending = sending;
      this.release = release;
    }

    @Override
    public RecordedRequest request() {
      return null;
    }

    @Override
    public boolean send(String text) {
      sent.append(text).append('\n');
      if (sending != null && sending.getCount() > 0) {
        sending.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return true;
    }

    @Override
    public boolean send(byte[] bytes) {
      return send(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public boolean close(int code, String reason) {
      return true;
    }

    String sent() {
      return sent.toString();
    }
  }
}
