package io.drillbook.schedule;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The daemon's {@code /metrics} (Prometheus text format) and {@code /healthz}: runs by drill and verdict, last
 * recovery, last success, next fire time, lock contention, frozen fires and scheduler cluster membership.
 */
public final class SchedulerMetrics implements AutoCloseable {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter runs;
  private final Gauge lastRecovery;
  private final Gauge lastSuccess;
  private final Counter lockContention;
  private final Counter frozen;
  private HttpServer server;

  /**
   * @param scheduler read on every scrape for next fire times and cluster members
   */
  public SchedulerMetrics(DrillScheduler scheduler) {
    runs = Counter.builder().name("drillbook_drill_runs_total").help("Drill runs by drill and verdict")
        .labelNames("drill", "verdict").register(registry);
    lastRecovery = Gauge.builder().name("drillbook_drill_last_recovery_seconds")
        .help("Recovery time of the drill's last run that recovered").labelNames("drill").register(registry);
    lastSuccess = Gauge.builder().name("drillbook_drill_last_success_timestamp_seconds")
        .help("When the drill last passed (Unix time)").labelNames("drill").register(registry);
    lockContention = Counter.builder().name("drillbook_drill_lock_contention_total")
        .help("Runs skipped because another run held the target's lock").labelNames("drill").register(registry);
    frozen = Counter.builder().name("drillbook_drill_frozen_total")
        .help("Fires not run because the drill was inside one of its freeze windows").labelNames("drill")
        .register(registry);
    GaugeWithCallback.builder().name("drillbook_drill_next_fire_timestamp_seconds")
        .help("Next scheduled fire of the drill (Unix time)").labelNames("drill")
        .callback(cb -> scheduler.nextFireTimes().forEach((drill, at) -> cb.call(at.getEpochSecond(), drill)))
        .register(registry);
    GaugeWithCallback.builder().name("drillbook_scheduler_cluster_members")
        .help("Scheduler instances checked in to the shared job store (0 with the memory store)")
        .callback(cb -> cb.call(scheduler.clusterMembers().size())).register(registry);
  }

  /** Counts a finished run. */
  public void ran(String drill, String verdict, Double recoverySeconds, Instant at) {
    runs.labelValues(drill, verdict).inc();
    if (recoverySeconds != null) {
      lastRecovery.labelValues(drill).set(recoverySeconds);
    }
    if ("PASS".equals(verdict)) {
      lastSuccess.labelValues(drill).set(at.getEpochSecond());
    }
    if ("SKIPPED".equals(verdict)) {
      lockContention.labelValues(drill).inc();
    }
    if ("FROZEN".equals(verdict)) {
      frozen.labelValues(drill).inc();
    }
  }

  /** Serves {@code /metrics} and {@code /healthz} on {@code 0.0.0.0:port} (0 for a free port); returns the port. */
  public int serve(int port, BooleanSupplier healthy) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/metrics", exchange -> {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      PrometheusTextFormatWriter.create().write(body, registry.scrape(), EscapingScheme.DEFAULT);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.size());
      exchange.getResponseBody().write(body.toByteArray());
      exchange.close();
    });
    server.createContext("/healthz", exchange -> {
      boolean ok = healthy.getAsBoolean();
      byte[] body = (ok ? "ok\n" : "scheduler not running\n").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
