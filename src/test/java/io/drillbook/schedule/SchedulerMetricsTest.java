package io.drillbook.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.time.Timing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SchedulerMetricsTest {
  @Test
  void servesRunsRecoveryLastSuccessNextFireAndContentionInPrometheusTextFormat() throws Exception {
    try (DrillScheduler scheduler = DrillScheduler.create(SchedulerOptions.ram(), (n, t, r) -> "PASS", (n, t, w) -> { }, Timing.system());
        SchedulerMetrics metrics = new SchedulerMetrics(scheduler)) {
      scheduler.register(ScheduleSpec.of("weekly-orchestrator", "0 0 4 ? * MON", ZoneOffset.UTC));
      scheduler.start();
      metrics.ran("weekly-orchestrator", "PASS", 12.5, Instant.parse("2026-11-23T04:00:13Z"));
      metrics.ran("weekly-orchestrator", "SKIPPED", null, Instant.parse("2026-11-23T04:00:14Z"));
      int port = metrics.serve(0, () -> true);
      HttpClient http = HttpClient.newHttpClient();
      String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(body)
          .contains("drillbook_drill_runs_total{drill=\"weekly-orchestrator\",verdict=\"PASS\"} 1.0")
          .contains("drillbook_drill_last_recovery_seconds{drill=\"weekly-orchestrator\"} 12.5")
          .contains("drillbook_drill_last_success_timestamp_seconds{drill=\"weekly-orchestrator\"} 1.795406413E9")
          .contains("drillbook_drill_lock_contention_total{drill=\"weekly-orchestrator\"} 1.0")
          .contains("drillbook_drill_next_fire_timestamp_seconds{drill=\"weekly-orchestrator\"}")
          .contains("drillbook_scheduler_cluster_members 0.0");
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void countsFrozenFiresApartFromLockContention() throws Exception {
    try (DrillScheduler scheduler = DrillScheduler.create(SchedulerOptions.ram(), (n, t, r) -> "PASS",
        (n, t, w) -> { }, Timing.system());
        SchedulerMetrics metrics = new SchedulerMetrics(scheduler)) {
      metrics.ran("weekly-orchestrator", "FROZEN", null, Instant.parse("2026-12-28T04:00:00Z"));
      int port = metrics.serve(0, () -> true);
      String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(body)
          .contains("drillbook_drill_runs_total{drill=\"weekly-orchestrator\",verdict=\"FROZEN\"} 1.0")
          .contains("drillbook_drill_frozen_total{drill=\"weekly-orchestrator\"} 1.0")
          .doesNotContain("drillbook_drill_lock_contention_total{");
    }
  }
}
