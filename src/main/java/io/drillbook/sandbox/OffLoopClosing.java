package io.drillbook.sandbox;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.Executor;

/**
 * Wraps the mock server's watch listener so that closing a watch never blocks the server's event loop.
 *
 * <p>The fabric8 mock's watch listener waits, inside {@code onClosed} on the event loop, for its pending event
 * sends, and each send waits for a write that only that same event loop can complete: a client that closes a watch
 * while events are in flight (an informer closed right after the rollout it waited for) stalls every request on
 * that loop for 30 s. Running the close handling on another thread keeps the sandbox answering like a real API
 * server.
 */
final class OffLoopClosing extends WebSocketListener {
  private final WebSocketListener delegate;
  private final Executor closer;

  OffLoopClosing(WebSocketListener delegate, Executor closer) {
    this.delegate = delegate;
    this.closer = closer;
  }

  @Override
  public void onBeforeAccept(WebSocket webSocket, Response response) {
    delegate.onBeforeAccept(webSocket, response);
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    delegate.onOpen(webSocket, response);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    delegate.onMessage(webSocket, text);
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onPing(WebSocket webSocket, byte[] bytes) {
    delegate.onPing(webSocket, bytes);
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    closer.execute(() -> delegate.onClosing(webSocket, code, reason));
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    closer.execute(() -> delegate.onClosed(webSocket, code, reason));
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
    closer.execute(() -> delegate.onFailure(webSocket, t, response));
  }
}
