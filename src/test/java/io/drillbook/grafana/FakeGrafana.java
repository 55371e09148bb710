package io.drillbook.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Grafana's annotation endpoints as Grafana itself answers them (the legacy {@code /api} of Grafana 10 to 12,
 * {@code pkg/api/annotations.go} and {@code pkg/api/dashboard.go}), because Grafana cannot run here:
 *
 * <ul>
 *   <li>every request needs the service account token as a bearer token, else 401 with Grafana's
 *       {@code api-key.invalid} body;</li>
 *   <li>{@code GET /api/dashboards/uid/:uid}: the dashboard, or 404 {@code Dashboard not found};</li>
 *   <li>{@code POST /api/annotations}: a body that does not bind is 400 {@code bad request data}; an empty
 *       {@code text} is 400 {@code Failed to save annotation}; an unknown {@code dashboardUID} is dropped and the
 *       annotation saved organization-wide, as Grafana does; a missing {@code time} is now; the answer is
 *       {@code {"message":"Annotation added","id":N}};</li>
 *   <li>{@code PATCH /api/annotations/:id}: a non-numeric id is 400 {@code annotationId is invalid}, an unknown one
 *       404 {@code Annotation not found}; only {@code tags} (when given), a non-empty {@code text} and positive
 *       {@code time}/{@code timeEnd} change; the answer is {@code {"message":"Annotation patched"}}.</li>
 * </ul>
 */
public final class FakeGrafana implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An annotation as stored; {@code dashboardUid} is null for an organization annotation. */
  public record Annotation(long id, String dashboardUid, long time, long timeEnd, List<String> tags, String text) {}

  /** A request as received, for tests that assert on the wire. */
  public record Request(String method, String path, String authorization, String body) {}

  private final HttpServer server;
  private final String token;
  private final Map<String, String> dashboards;
  private final Map<Long, Annotation> annotations = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();

  private FakeGrafana(String token, Map<String, String> dashboards) throws IOException {
    this.token = token;
    this.dashboards = Map.copyOf(dashboards);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** @param dashboards UID to title of the dashboards that exist */
  public static FakeGrafana start(String token, Map<String, String> dashboards) throws IOException {
    return new FakeGrafana(token, dashboards);
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Annotation> annotations() {
    List<Annotation> all = new ArrayList<>(annotations.values());
    all.sort((a, b) -> Long.compare(a.id(), b.id()));
    return all;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    requests.add(new Request(method, path, auth, body));
    if (!("Bearer " + token).equals(auth)) {
      reply(exchange, 401, "{\"extra\":null,\"message\":\"Invalid API key\",\"messageId\":\"api-key.invalid\","
          + "\"statusCode\":401,\"traceID\":\"\"}");
      return;
    }
    if (method.equals("GET") && path.startsWith("/api/dashboards/uid/")) {
      String uid = path.substring("/api/dashboards/uid/".length());
      String title = dashboards.get(uid);
      if (title == null) {
        reply(exchange, 404, "{\"message\":\"Dashboard not found\"}");
        return;
      }
      ObjectNode answer = JSON.createObjectNode();
      answer.putObject("dashboard").put("uid", uid).put("title", title).put("id", Math.abs(uid.hashCode() % 1000));
      answer.putObject("meta").put("type", "db").put("canEdit", true).put("slug", title.toLowerCase());
      reply(exchange, 200, JSON.writeValueAsString(answer));
    } else if (method.equals("POST") && path.equals("/api/annotations")) {
      post(exchange, body);
    } else if (method.equals("PATCH") && path.startsWith("/api/annotations/")) {
      patch(exchange, path.substring("/api/annotations/".length()), body);
    } else {
      reply(exchange, 404, "{\"message\":\"Not found\"}");
    }
  }

  private void post(HttpExchange exchange, String body) throws IOException {
    JsonNode cmd = bind(body);
    if (cmd == null) {
      reply(exchange, 400, "{\"message\":\"bad request data\"}");
      return;
    }
    String uid = cmd.path("dashboardUID").asText("");
    String dashboard = dashboards.containsKey(uid) ? uid : null;
    if (cmd.path("text").asText("").isEmpty()) {
      reply(exchange, 400, "{\"message\":\"Failed to save annotation\"}");
      return;
    }
    long time = cmd.path("time").asLong(0);
    long id = ids.incrementAndGet();
    List<String> tags = new ArrayList<>();
    cmd.path("tags").forEach(t -> tags.add(t.asText()));
    annotations.put(id, new Annotation(id, dashboard, time == 0 ? Instant.now().toEpochMilli() : time,
        cmd.path("timeEnd").asLong(0), tags, cmd.path("text").asText()));
    reply(exchange, 200, "{\"message\":\"Annotation added\",\"id\":" + id + "}");
  }

  private void patch(HttpExchange exchange, String idText, String body) throws IOException {
    JsonNode cmd = bind(body);
    if (cmd == null) {
      reply(exchange, 400, "{\"message\":\"bad request data\"}");
      return;
    }
    long id;
    try {
      id = Long.parseLong(idText);
    } catch (NumberFormatException e) {
      reply(exchange, 400, "{\"message\":\"annotationId is invalid\"}");
      return;
    }
    Annotation a = annotations.get(id);
    if (a == null) {
      reply(exchange, 404, "{\"message\":\"Annotation not found\"}");
      return;
    }
    List<String> tags = a.tags();
    if (cmd.has("tags") && !cmd.get("tags").isNull()) {
      tags = new ArrayList<>();
      for (JsonNode t : cmd.get("tags")) {
        tags.add(t.asText());
      }
    }
    String text = cmd.path("text").asText("").isEmpty() ? a.text() : cmd.path("text").asText();
    long time = cmd.path("time").asLong(0) > 0 ? cmd.path("time").asLong() : a.time();
    long timeEnd = cmd.path("timeEnd").asLong(0) > 0 ? cmd.path("timeEnd").asLong() : a.timeEnd();
    annotations.put(id, new Annotation(id, a.dashboardUid(), time, timeEnd, tags, text));
    reply(exchange, 200, "{\"message\":\"Annotation patched\"}");
  }

  private static JsonNode bind(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
