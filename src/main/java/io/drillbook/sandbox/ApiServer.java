package io.drillbook.sandbox;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's HTTP server on 127.0.0.1: the mock web server's own request handling (the dispatcher's fixed
 * responses and its WebSocket watches, which fabric8 clients use) plus the streaming HTTP watch kubectl uses
 * ({@link StreamingWatch}), which the mock web server has no way to send.
 */
final class ApiServer implements AutoCloseable {

  private final Vertx vertx;
  private final HttpServer server;

  private ApiServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  static ApiServer start(int port, Dispatcher dispatcher, WatchHub hub, Clock clock) throws IOException {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2));
    HttpServerRequestHandler mock = new HttpServerRequestHandler(vertx) {
      @Override
      protected MockResponse onHttpRequest(RecordedRequest request) {
        return dispatcher.dispatch(request);
      }
    };
    StreamingWatch watches = new StreamingWatch(vertx, hub, clock);
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
        .setWebSocketSubProtocols(List.of("v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io",
            "v1.channel.k8s.io"))
        .setHandle100ContinueAutomatically(true));
    server.requestHandler(request -> {
      if (StreamingWatch.handles(request)) {
        watches.serve(request);
      } else {
        mock.handle(request);
      }
    });
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    return new ApiServer(vertx, server);
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Shutting down: nothing left to tell anyone.
    }
  }
}
