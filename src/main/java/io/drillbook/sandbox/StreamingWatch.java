package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The streaming HTTP watch of the Kubernetes API, which client-go (kubectl) uses and the CRUD store cannot serve
 * (it only watches over a WebSocket, which stays fabric8's way): {@code GET ...?watch=true} answered 200 at once with
 * a chunked body of one JSON object per line, {@code {"type":"MODIFIED","object":{...}}}, until
 * {@code timeoutSeconds} runs out or the client goes. A too old {@code resourceVersion} gets the real server's answer:
 * one {@code ERROR} event with a 410 {@code Expired} Status.
 */
final class StreamingWatch {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> KINDS = Map.of("pods", "Pod", "deployments", "Deployment",
      "replicasets", "ReplicaSet", "events", "Event", "horizontalpodautoscalers", "HorizontalPodAutoscaler",
      "ingresses", "Ingress", "namespaces", "Namespace", "services", "Service", "configmaps", "ConfigMap",
      "leases", "Lease");

  private final Vertx vertx;
  private final WatchHub hub;
  private final Clock clock;

  StreamingWatch(Vertx vertx, WatchHub hub, Clock clock) {
    this.vertx = vertx;
    this.hub = hub;
    this.clock = clock;
  }

  /** A plain (not WebSocket) GET with {@code watch=true} or {@code watch=1}. */
  static boolean handles(HttpServerRequest request) {
    String upgrade = request.getHeader("Upgrade");
    if (!"GET".equals(request.method().name()) || (upgrade != null && upgrade.equalsIgnoreCase("websocket"))) {
      return false;
    }
    String watch = UrlParts.query(request.uri()).get("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  void serve(HttpServerRequest request) {
    WatchFilter filter = WatchFilter.of(request.uri());
    HttpServerResponse response = request.response();
    if (filter == null) {
      response.setStatusCode(404).end();
      return;
    }
    Map<String, String> query = UrlParts.query(request.uri());
    response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache, private");
    AtomicBoolean open = new AtomicBoolean(true);
    Function<JsonNode, JsonNode> view = view(request, filter.resource(), query.get("includeObject"));
    boolean initialEvents = "true".equals(query.get("sendInitialEvents"));
    WatchHub.Start start = hub.watch(query.get("resourceVersion"), initialEvents, change -> {
      if (open.get() && filter.matches(change.object())) {
        send(response, open, change.type(), view.apply(change.object()));
      }
    });
    Runnable stop = () -> {
      if (open.getAndSet(false)) {
        start.cancel().run();
        vertx.runOnContext(v -> {
          if (!response.ended() && !response.closed()) {
            response.end();
          }
        });
      }
    };
    response.closeHandler(v -> {
      open.set(false);
      start.cancel().run();
    });
    response.writeHead();
    if (start.gone()) {
      ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
      status.putObject("metadata");
      status.put("status", "Failure").put("message", "too old resource version: " + query.get("resourceVersion")
          + " (" + start.oldest() + ")").put("reason", "Expired").put("code", 410);
      send(response, open, "ERROR", status);
      stop.run();
      return;
    }
    start.replay().stream().filter(c -> filter.matches(c.object()))
        .forEach(c -> send(response, open, c.type(), view.apply(c.object())));
    if (initialEvents) {
      // client-go's watch-list waits for this bookmark before it trusts its cache (KEP-3157).
      ObjectNode bookmark = JSON.createObjectNode().put("kind", KINDS.getOrDefault(filter.resource(), ""))
          .put("apiVersion", apiVersion(request.uri()));
      bookmark.putObject("metadata").put("resourceVersion", Long.toString(start.current()))
          .putObject("annotations").put("k8s.io/initial-events-end", "true");
      send(response, open, "BOOKMARK", bookmark);
    }
    long timeout = parseSeconds(query.get("timeoutSeconds"));
    if (timeout > 0) {
      vertx.setTimer(timeout * 1000, id -> stop.run());
    }
  }

  private static void send(HttpServerResponse response, AtomicBoolean open, String type,
      com.fasterxml.jackson.databind.JsonNode object) {
    try {
      ObjectNode event = JSON.createObjectNode().put("type", type);
      event.set("object", object);
      response.write(JSON.writeValueAsString(event) + "\n");
    } catch (Exception e) {
      // The client went away between the check and the write; its close handler ends the watch.
      open.set(false);
    }
  }

  // kubectl get -w asks for Tables: each event's object is a one-row Table, column definitions in the first only.
  private Function<JsonNode, JsonNode> view(HttpServerRequest request, String resource, String includeObject) {
    if (!ServerTables.wanted(request.getHeader("Accept")) || !ServerTables.prints(resource)) {
      return object -> object;
    }
    AtomicBoolean headers = new AtomicBoolean(true);
    return object -> ServerTables.table(resource, object, includeObject, clock.instant(),
        headers.getAndSet(false));
  }

  private static String apiVersion(String uri) {
    String[] s = uri.split("[/?]");
    return "api".equals(s[1]) ? s[2] : s[2] + "/" + s[3];
  }

  private static long parseSeconds(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
