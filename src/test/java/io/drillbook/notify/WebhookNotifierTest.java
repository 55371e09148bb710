package io.drillbook.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.drillbook.config.NotificationConfig;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.Verdict;
import io.drillbook.time.Timing;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook notifications against a local receiver: payloads, retries with backoff, refusals, a dead receiver. */
class WebhookNotifierTest {
  private static final String SECRET_PATH = "/services/T0DRILL/B0BOOK/s3cretWebhookPath";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer receiver;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  /** Status codes to answer, in order; 200 once they run out. */
  private final Queue<int[]> answers = new ConcurrentLinkedQueue<>();
  private final List<Duration> slept = new ArrayList<>();
  private final Timing timing = new Timing(Clock.fixed(Instant.parse("2026-12-05T03:00:00Z"), ZoneOffset.UTC),
      System::nanoTime, slept::add);

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/", exchange -> {
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      int[] answer = answers.poll();
      int status = answer == null ? 200 : answer[0];
      if (answer != null && answer.length > 1) {
        exchange.getResponseHeaders().set("Retry-After", Integer.toString(answer[1]));
      }
      byte[] text = (status == 200 ? "ok" : status == 404 ? "no_service" : "service unavailable")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, text.length);
      exchange.getResponseBody().write(text);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + SECRET_PATH);
  }

  private WebhookNotifier notifier(NotificationConfig.Format format, boolean every, URI url) {
    return new WebhookNotifier(List.of(new WebhookNotifier.Webhook(
        new NotificationConfig(Path.of("/run/secrets/webhook"), format, every), url)), timing);
  }

  private static DrillRecord record(Verdict verdict, Duration recovery) {
    DrillRecord.Subject subject = new DrillRecord.Subject("ledger-rollback-20261205T030000Z-4fa0", "ledger-rollback",
        "kubernetes", "staging", "payments-staging", "ledger-api", Instant.parse("2026-12-05T03:00:00Z"));
    return new DrillRecord(subject, new DrillRecord.Judgement(verdict, verdict == Verdict.FAIL
        ? "recovery took 61.000 s, over the objective of 60.000 s" : "recovered", recovery, Duration.ofSeconds(60)),
        new DrillRecord.Rollback(3L, 2L, "ledger:1.4.2", "ledger:1.4.1"), new DrillRecord.Restore(true, "back"),
        new DrillRecord.Trail(List.of(), List.of(), Map.of("failingAlerts", "LedgerErrors (firing since "
            + "2026-12-05T02:58:10Z, namespace=payments-staging)", "followUpIssue",
            "https://github.com/acme/ledger/issues/7")));
  }

  @Test
  void aFailIsPostedAsDrillbooksJsonWithRecoveryAgainstObjectiveAndTheLinks() throws Exception {
    DrillRecord r = notifier(NotificationConfig.Format.JSON, false, url())
        .notify(record(Verdict.FAIL, Duration.ofSeconds(61)), "drills/ledger.md (entry x)");

    JsonNode body = JSON.readTree(bodies.get(0));
    assertThat(body.get("event").asText()).isEqualTo("drillbook.drill.finished");
    assertThat(body.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(body.at("/target/namespace").asText()).isEqualTo("payments-staging");
    assertThat(body.get("recoverySeconds").asDouble()).isEqualTo(61.0);
    assertThat(body.get("objectiveSeconds").asDouble()).isEqualTo(60.0);
    assertThat(body.get("withinObjective").asBoolean()).isFalse();
    assertThat(body.get("evidence").asText()).isEqualTo("drills/ledger.md (entry x)");
    assertThat(body.get("followUpIssue").asText()).isEqualTo("https://github.com/acme/ledger/issues/7");
    assertThat(body.get("failingAlerts").asText()).startsWith("LedgerErrors");
    assertThat(r.facts().get("notified")).isEqualTo("notifications[0] (json) delivered (HTTP 200)");
  }

  @Test
  void aSlackWebhookGetsOneMrkdwnTextField() throws Exception {
    notifier(NotificationConfig.Format.SLACK, false, url()).notify(record(Verdict.FAIL, null), "drills/ledger.md");
    JsonNode body = JSON.readTree(bodies.get(0));
    assertThat(body.size()).isEqualTo(1);
    assertThat(body.get("text").asText()).startsWith(":rotating_light: *Rollback drill FAIL*: `ledger-rollback` on "
        + "`payments-staging/ledger-api` (staging, kubernetes)")
        .contains("Recovery: not recovered (objective 60 s)")
        .contains("Follow-up: https://github.com/acme/ledger/issues/7");
  }

  @Test
  void aPassIsSentOnlyToWebhooksThatAskForEveryVerdict() {
    DrillRecord quiet = notifier(NotificationConfig.Format.JSON, false, url())
        .notify(record(Verdict.PASS, Duration.ofSeconds(3)), "drills/ledger.md");
    assertThat(bodies).isEmpty();
    assertThat(quiet.facts()).doesNotContainKeys("notified", "notificationErrors");
    notifier(NotificationConfig.Format.JSON, true, url()).notify(record(Verdict.PASS, Duration.ofSeconds(3)), "x");
    assertThat(bodies).hasSize(1);
  }

  @Test
  void overloadedReceiversAreRetriedWithBackoffAndRetryAfterIsHonoured() {
    answers.add(new int[] {503});
    answers.add(new int[] {429, 7});
    DrillRecord r = notifier(NotificationConfig.Format.JSON, false, url())
        .notify(record(Verdict.FAIL, null), "drills/ledger.md");
    assertThat(bodies).hasSize(3);
    assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(7));
    assertThat(r.facts().get("notified")).isEqualTo("notifications[0] (json) delivered (HTTP 200) on attempt 3");
  }

  @Test
  void aRefusalARetryCannotFixIsNotRetried() {
    answers.add(new int[] {404});
    DrillRecord r = notifier(NotificationConfig.Format.SLACK, false, url())
        .notify(record(Verdict.FAIL, null), "drills/ledger.md");
    assertThat(bodies).hasSize(1);
    assertThat(r.facts().get("notificationErrors"))
        .isEqualTo("notifications[0] (slack) refused with HTTP 404: no_service (not retried)");
  }

  @Test
  void aDeadReceiverIsRecordedAfterEveryAttemptWithoutTheUrlAndTheVerdictStands() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    DrillRecord before = record(Verdict.FAIL, null);
    DrillRecord r = notifier(NotificationConfig.Format.JSON, false,
        URI.create("http://127.0.0.1:" + port + SECRET_PATH)).notify(before, "drills/ledger.md");
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(r.facts().get("notificationErrors"))
        .startsWith("notifications[0] (json) not delivered after 4 attempts: no answer (");
    assertThat(r.facts().toString()).doesNotContain("s3cretWebhookPath").doesNotContain(Integer.toString(port));
  }
}
