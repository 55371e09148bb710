package io.drillbook.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's HTTP side against a stand-in server on loopback. */
class PrometheusClientTest {
  private static final String VECTOR =
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"a\":\"b\"},"
          + "\"value\":[1.5,\"0.5\"]}]}}";

  private HttpServer server;
  private final List<HttpExchange> seen = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String contentType = "application/json";
  private volatile String body = VECTOR;
  private volatile long delayMillis;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      seen.add(exchange);
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI base(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private PrometheusClient client(String token) {
    return new PrometheusClient(base(""), token, Duration.ofSeconds(2));
  }

  @Test
  void sendsQueryTimeAndBearerToken() throws Exception {
    List<Sample> samples = client("s3cr3t-token").instantQuery("rate(a{b=\"c d\"}[5m])",
        Instant.parse("2024-05-01T10:00:00.250Z"));
    assertThat(samples).containsExactly(new Sample(Map.of("a", "b"), 0.5));
    HttpExchange request = seen.get(0);
    assertThat(request.getRequestMethod()).isEqualTo("GET");
    assertThat(request.getRequestURI().getPath()).isEqualTo("/api/v1/query");
    assertThat(request.getRequestURI().getQuery()).isEqualTo("query=rate(a{b=\"c+d\"}[5m])&time=1714557600.25");
    assertThat(request.getRequestHeaders().getFirst("Authorization")).isEqualTo("Bearer s3cr3t-token");
  }

  @Test
  void noTokenNoHeader() throws Exception {
    client(null).instantQuery("up", Instant.ofEpochSecond(100));
    assertThat(seen.get(0).getRequestHeaders().containsKey("Authorization")).isFalse();
    assertThat(seen.get(0).getRequestURI().getQuery()).isEqualTo("query=up&time=100");
  }

  @Test
  void pathPrefixIsKept() throws Exception {
    new PrometheusClient(base("/prometheus/"), null, Duration.ofSeconds(2)).instantQuery("up", Instant.EPOCH);
    assertThat(seen.get(0).getRequestURI().getPath()).isEqualTo("/prometheus/api/v1/query");
  }

  @Test
  void toStringHidesTheToken() {
    assertThat(client("s3cr3t-token").toString()).doesNotContain("s3cr3t").contains("<hidden>");
    assertThat(client(null).toString()).contains("bearerToken=none");
  }

  @Test
  void credentialsInTheUrlAreRefused() {
    assertThatThrownBy(() -> new PrometheusClient(URI.create("http://user:pw@127.0.0.1:9090"), null,
        Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("pw");
  }

  @Test
  void statusErrorBecomesAnException() {
    status = 400;
    body = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error: unclosed left parenthesis\"}";
    assertThatThrownBy(() -> client("s3cr3t-token").instantQuery("rate(", Instant.EPOCH))
        .isInstanceOf(PrometheusException.class)
        .hasMessageStartingWith("Prometheus at http://")
        .hasMessageEndingWith(" rejected query 'rate(' (HTTP 400, bad_data): 1:5: parse error: unclosed left "
            + "parenthesis");
  }

  @Test
  void proxyPageBecomesAnException() {
    status = 502;
    contentType = "text/html";
    body = "<html>\n<body>502 Bad Gateway</body>\n</html>\n";
    assertThatThrownBy(() -> client(null).instantQuery("up", Instant.EPOCH))
        .isInstanceOf(PrometheusException.class)
        .hasMessageContaining("HTTP 502 and a body that is not the Prometheus JSON API (text/html: <html> <body>502");
  }

  @Test
  void unreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    PrometheusClient client = new PrometheusClient(URI.create("http://127.0.0.1:" + closedPort), "s3cr3t-token",
        Duration.ofSeconds(2));
    assertThatThrownBy(() -> client.instantQuery("up", Instant.EPOCH))
        .isInstanceOf(PrometheusException.class)
        .hasMessageStartingWith("Prometheus at http://127.0.0.1:" + closedPort + " is unreachable: ConnectException")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void slowAnswerTimesOut() {
    delayMillis = 800;
    PrometheusClient client = new PrometheusClient(base(""), null, Duration.ofMillis(200));
    assertThatThrownBy(() -> client.instantQuery("up", Instant.EPOCH))
        .isInstanceOf(PrometheusException.class)
        .hasMessage("Prometheus at " + base("") + " did not answer within 200 ms (query 'up')");
  }

  @Test
  void seriesExistAsksTheSeriesApi() throws Exception {
    body = "{\"status\":\"success\",\"data\":[{\"__name__\":\"up\",\"job\":\"a\"}]}";
    assertThat(client(null).seriesExist("up")).isTrue();
    assertThat(seen.get(0).getRequestURI().getPath()).isEqualTo("/api/v1/series");
    assertThat(seen.get(0).getRequestURI().getQuery()).isEqualTo("match[]=up");
    body = "{\"status\":\"success\",\"data\":[]}";
    assertThat(client(null).seriesExist("job:errors:rate5m")).isFalse();
    assertThatThrownBy(() -> client(null).seriesExist("up{job=\"a\"}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rangeQueryAsksQueryRangeAndReadsEachSeriesTimes() throws Exception {
    body = """
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"__name__":"ALERTS","alertname":"LedgerErrors","alertstate":"firing","namespace":"payments"},
           "values":[[1764903602,"1"],[1764903603.5,"1"]]}]}}""";
    List<RangeSeries> series = client(null).rangeQuery("ALERTS{alertstate=\"firing\"}",
        Instant.parse("2025-12-05T03:00:00Z"), Instant.parse("2025-12-05T03:10:00Z"), Duration.ofMillis(1500));
    assertThat(seen.get(0).getRequestURI().getPath()).isEqualTo("/api/v1/query_range");
    assertThat(seen.get(0).getRequestURI().getQuery())
        .isEqualTo("query=ALERTS{alertstate=\"firing\"}&start=1764903600&end=1764904200&step=1.5");
    assertThat(series).singleElement().satisfies(s -> {
      assertThat(s.labels()).containsEntry("alertname", "LedgerErrors");
      assertThat(s.times()).containsExactly(Instant.ofEpochSecond(1764903602),
          Instant.ofEpochSecond(1764903603, 500_000_000));
    });
  }

  @Test
  void rangeQueryRefusesAVectorAnswer() {
    assertThatThrownBy(() -> client(null).rangeQuery("up", Instant.EPOCH, Instant.ofEpochSecond(60),
        Duration.ofSeconds(1))).isInstanceOf(PrometheusException.class).hasMessageContaining("matrix");
  }

  @Test
  void activeAlertsAreReadWithTheirStateAndActiveAt() throws Exception {
    body = """
        {"status":"success","data":{"alerts":[
          {"labels":{"alertname":"LedgerErrors","namespace":"payments","severity":"page"},
           "annotations":{"summary":"errors"},"state":"firing","activeAt":"2025-12-05T02:58:10.123456789Z",
           "value":"1.2e-01"},
          {"labels":{"alertname":"LedgerSlow"},"annotations":{},"state":"pending",
           "activeAt":"2025-12-05T04:01:00+01:00","value":"3e+00"}]}}""";
    List<RuleAlert> alerts = client(null).alerts();
    assertThat(seen.get(0).getRequestURI().getPath()).isEqualTo("/api/v1/alerts");
    assertThat(alerts).containsExactly(
        new RuleAlert(Map.of("alertname", "LedgerErrors", "namespace", "payments", "severity", "page"), "firing",
            Instant.parse("2025-12-05T02:58:10.123456789Z")),
        new RuleAlert(Map.of("alertname", "LedgerSlow"), "pending", Instant.parse("2025-12-05T03:01:00Z")));
  }

  @Test
  void alertingRulesSkipRecordingRulesAndKeepTheirForDuration() throws Exception {
    body = """
        {"status":"success","data":{"groups":[{"name":"ledger","file":"/etc/prometheus/ledger.yml","rules":[
          {"name":"job:errors:rate5m","query":"sum(rate(errors_total[5m]))","health":"ok","type":"recording"},
          {"state":"inactive","name":"LedgerErrors","query":"job:errors:rate5m > 0.1","duration":300,
           "labels":{"severity":"page"},"annotations":{},"alerts":[],"health":"ok","type":"alerting"}],
          "interval":15,"evaluationTime":0.0004}]}}""";
    List<AlertingRule> rules = client(null).alertingRules();
    assertThat(seen.get(0).getRequestURI().getQuery()).isEqualTo("type=alert");
    assertThat(rules).containsExactly(new AlertingRule("ledger", "/etc/prometheus/ledger.yml", "LedgerErrors",
        "job:errors:rate5m > 0.1", Duration.ofMinutes(5), Map.of("severity", "page")));
  }
}
