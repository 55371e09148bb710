package io.drillbook.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a stand-in that answers as Grafana's annotation and dashboard endpoints do. */
class GrafanaClientTest {
  private static final String TOKEN = "glsa_FakeServiceAccountT0ken_never_printed";
  private static final Instant START = Instant.parse("2026-12-05T03:00:00.250Z");
  private FakeGrafana grafana;

  @BeforeEach
  void start() throws Exception {
    grafana = FakeGrafana.start(TOKEN, Map.of("maestro-deploys", "Maestro / Deployments"));
  }

  @AfterEach
  void stop() {
    grafana.close();
  }

  private GrafanaClient client(String token) {
    return new GrafanaClient(grafana.url(), token, Duration.ofSeconds(2));
  }

  @Test
  void aRegionIsAddedToTheDashboardThenPatchedWithTheVerdict() throws Exception {
    GrafanaClient client = client(TOKEN);
    long id = client.addRegion("maestro-deploys", START, START.plusSeconds(300), List.of("drillbook", "method:helm"),
        "drill running");
    client.updateRegion(id, START.plusSeconds(42), List.of("drillbook", "method:helm"), "drill PASS");

    assertThat(grafana.annotations()).containsExactly(new FakeGrafana.Annotation(id, "maestro-deploys",
        START.toEpochMilli(), START.plusSeconds(42).toEpochMilli(), List.of("drillbook", "method:helm"),
        "drill PASS"));
    assertThat(grafana.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly(
        "GET /api/dashboards/uid/maestro-deploys", "POST /api/annotations", "PATCH /api/annotations/" + id);
    assertThat(grafana.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
    assertThat(grafana.requests().get(1).body()).contains("\"dashboardUID\":\"maestro-deploys\"")
        .contains("\"time\":" + START.toEpochMilli());
  }

  @Test
  void anUnknownDashboardIsAnErrorNamingItNotAnOrganizationWideAnnotation() {
    assertThatThrownBy(() -> client(TOKEN).addRegion("maestro-deployz", START, START.plusSeconds(1), List.of(), "x"))
        .isInstanceOf(GrafanaException.class).hasMessageContaining("has no dashboard with UID 'maestro-deployz'");
    assertThat(grafana.annotations()).isEmpty();
  }

  @Test
  void theStandInSavesAnUnknownDashboardsAnnotationOrganizationWideAsGrafanaDoes() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var answer = http.send(java.net.http.HttpRequest.newBuilder(grafana.url().resolve("/api/annotations"))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"dashboardUID\":\"nope\",\"text\":\"t\"}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(grafana.annotations()).singleElement().extracting(FakeGrafana.Annotation::dashboardUid).isNull();
  }

  @Test
  void theStandInRefusesAnAnnotationWithoutTextAsGrafanaDoes() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var answer = http.send(java.net.http.HttpRequest.newBuilder(grafana.url().resolve("/api/annotations"))
        .header("Authorization", "Bearer " + TOKEN)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"dashboardUID\":\"maestro-deploys\"}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).isEqualTo("{\"message\":\"Failed to save annotation\"}");
  }

  @Test
  void aWrongTokenIsRefusedWithoutPrintingIt() {
    assertThatThrownBy(() -> client("glsa_wrong_token_never_printed").addRegion("maestro-deploys", START, START,
        List.of(), "x"))
        .isInstanceOf(GrafanaException.class).hasMessageContaining("refused dashboard maestro-deploys with HTTP 401")
        .hasMessageContaining("Invalid API key").hasMessageNotContaining("glsa_");
    assertThat(client(TOKEN).toString()).doesNotContain("glsa_").contains("<hidden>");
  }

  @Test
  void patchingAnAnnotationGrafanaDoesNotHaveIsAnError() {
    assertThatThrownBy(() -> client(TOKEN).updateRegion(999, START, List.of(), "x"))
        .isInstanceOf(GrafanaException.class).hasMessageContaining("HTTP 404: Annotation not found");
  }

  @Test
  void aDashboardPathIsRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> client(TOKEN).addRegion("maestro/deployments", START, START, List.of(), "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a Grafana dashboard UID");
    assertThat(grafana.requests()).isEmpty();
  }

  @Test
  void aLoginPageInsteadOfTheApiIsNamedAsSuch() throws Exception {
    var server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] page = "<html><body>Sign in with SSO</body></html>".getBytes();
      exchange.getResponseHeaders().set("Content-Type", "text/html");
      exchange.sendResponseHeaders(200, page.length);
      exchange.getResponseBody().write(page);
      exchange.close();
    });
    server.start();
    try {
      GrafanaClient behindProxy = new GrafanaClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
          TOKEN, Duration.ofSeconds(2));
      assertThatThrownBy(() -> behindProxy.dashboardTitle("maestro-deploys"))
          .isInstanceOf(GrafanaException.class).hasMessageContaining("not its JSON API (text/html: <html>")
          .hasMessageContaining("proxy or login page");
    } finally {
      server.stop(0);
    }
  }
}
