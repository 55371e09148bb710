package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.drillbook.drill.DrillRecord;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed drill reports to its webhooks through the real CLI: the JSON receiver gets the verdict and the entry's
 * location after one 503 (retried), the Slack-format one its text, and the entry says both were delivered.
 */
class NotificationsIT {
  @TempDir Path dir;

  @Test
  void aFailedDrillIsReportedToEveryWebhookAndTheEntrySaysSo() throws Exception {
    List<String> json = new CopyOnWriteArrayList<>();
    List<String> slack = new CopyOnWriteArrayList<>();
    AtomicInteger jsonCalls = new AtomicInteger();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/hooks/incident", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int status = jsonCalls.incrementAndGet() == 1 ? 503 : 200;
      if (status == 200) {
        json.add(body);
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    receiver.createContext("/services/T0/B0/secret", exchange -> {
      slack.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, ok.length);
      exchange.getResponseBody().write(ok);
      exchange.close();
    });
    receiver.start();
    String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.FAIL)
        .withRolloutDelay(Duration.ofMillis(100)))) {
      Files.writeString(dir.resolve("incident-hook"), base + "/hooks/incident\n");
      Files.writeString(dir.resolve("slack-hook"), base + "/services/T0/B0/secret\n");
      Path config = Files.writeString(dir.resolve("drillbook.yaml"), """
          notifications:
            - { urlFile: incident-hook }
            - { urlFile: slack-hook, format: slack }
          drills:
            - name: orchestrator-notified
              environment: staging
              target: { namespace: intelgraph-staging, deployment: maestro-orchestrator, kubeconfig: "%s" }
              health: { url: "%s" }
              timeouts: { rollout: 20s, health: 5s }
              evidenceLog: drills/notified.md
          """.formatted(sandbox.writeKubeconfig(dir.resolve("k")),
          sandbox.healthUrl("intelgraph-staging", "maestro-orchestrator")));

      CliRun run = CliRun.of("drill", "orchestrator-notified", "--config", config.toString(), "--output", "json");

      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      JsonNode sent = new ObjectMapper().readTree(json.get(0));
      assertThat(sent.get("verdict").asText()).isEqualTo("FAIL");
      assertThat(sent.get("drillId").asText()).isEqualTo(run.json().get("drillId").asText());
      assertThat(sent.get("evidence").asText()).contains("notified.md");
      assertThat(new ObjectMapper().readTree(slack.get(0)).get("text").asText())
          .contains("*Rollback drill FAIL*: `orchestrator-notified`");
      DrillRecord entry = EvidenceLogReader.readAll(dir.resolve("drills/notified.md")).get(0).record();
      assertThat(entry.facts().get("notified")).isEqualTo("notifications[0] (json) delivered (HTTP 200) on attempt "
          + "2; notifications[1] (slack) delivered (HTTP 200)");
      assertThat(run.out() + run.err() + Files.readString(dir.resolve("drills/notified.md")))
          .doesNotContain("/services/T0/B0/secret");
    } finally {
      receiver.stop(0);
    }
  }
}
