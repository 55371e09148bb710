package io.drillbook.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.drillbook.config.TargetConfig;
import io.drillbook.prometheus.PrometheusClient;
import io.drillbook.prometheus.PrometheusProcess;
import io.drillbook.prometheus.TestExporter;
import io.drillbook.time.Timing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The traffic check's fallback where the cluster has no metrics API: the target pods' CPU and memory from the
 * cAdvisor series a real Prometheus scraped, and "no metrics" when it has none for the namespace.
 */
class PrometheusPodUsageIT {
  private static final TargetConfig TARGET = new TargetConfig(null, null, "payments-staging", "ledger-api");

  /** The Kubernetes side: the Deployment's running pods. */
  private static final TrafficSource PODS = new TrafficSource() {
    @Override
    public String describe() {
      return "test pods";
    }

    @Override
    public List<PodLimits> pods(TargetConfig target) {
      return List.of(new PodLimits("ledger-api-7d9c-a", 0.5, 512.0 * 1024 * 1024),
          new PodLimits("ledger-api-7d9c-b", 0.5, 512.0 * 1024 * 1024));
    }

    @Override
    public List<PodUsage> usage(TargetConfig target) throws MetricsUnavailable {
      throw new MetricsUnavailable(MetricsUnavailable.Kind.NO_METRICS_API, "no metrics API: 404 (test)");
    }
  };

  private static Map<String, String> container(String namespace, String pod, String container) {
    return Map.of("namespace", namespace, "pod", pod, "container", container);
  }

  @Test
  void readsEachTargetPodsCpuRateAndWorkingSetAndFallsBackOnlyOnA404() throws Exception {
    try (TestExporter exporter = TestExporter.start()) {
      exporter.counter("container_cpu_usage_seconds_total", container("payments-staging", "ledger-api-7d9c-a", "app"),
          0.12);
      exporter.gauge("container_memory_working_set_bytes", container("payments-staging", "ledger-api-7d9c-a", "app"),
          200.0 * 1024 * 1024);
      // The pause container and another namespace's pod with the same name must not count.
      exporter.counter("container_cpu_usage_seconds_total", container("payments-staging", "ledger-api-7d9c-a", "POD"),
          5);
      exporter.counter("container_cpu_usage_seconds_total", container("payments-prod", "ledger-api-7d9c-b", "app"),
          3);
      exporter.gauge("container_memory_working_set_bytes", container("payments-prod", "ledger-api-7d9c-b", "app"), 1);
      try (PrometheusProcess prometheus = PrometheusProcess.start(exporter.port())) {
        PrometheusClient client = new PrometheusClient(prometheus.url(), null, Duration.ofSeconds(5));
        TrafficSource traffic = new FallbackTraffic(PODS, new PrometheusPodUsage(PODS, client, Timing.system()));
        List<PodUsage> usage = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .ignoreExceptions().until(() -> traffic.usage(TARGET), u -> !u.isEmpty() && u.get(0).cpuCores() > 0);

        assertThat(usage).singleElement().satisfies(u -> {
          assertThat(u.pod()).isEqualTo("ledger-api-7d9c-a");
          assertThat(u.cpuCores()).isBetween(0.10, 0.14);
          assertThat(u.memoryBytes()).isEqualTo(200.0 * 1024 * 1024);
          assertThat(u.timestamp()).isBefore(Instant.now().plusSeconds(1));
        });
        assertThat(traffic.describe()).startsWith("Prometheus container_cpu_usage_seconds_total")
            .endsWith("(no metrics API: 404 (test))");

        TargetConfig empty = new TargetConfig(null, null, "checkout-staging", "ledger-api");
        assertThatThrownBy(() -> traffic.usage(empty)).isInstanceOf(MetricsUnavailable.class)
            .hasMessage("no metrics API: 404 (test); Prometheus has no container_cpu_usage_seconds_total or "
                + "container_memory_working_set_bytes for namespace checkout-staging (no kubelet cAdvisor scrape)");
      }
    }
  }
}
