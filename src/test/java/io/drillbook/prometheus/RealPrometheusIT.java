package io.drillbook.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.drillbook.drill.Abort;
import io.drillbook.prometheus.SustainResult.Breach;
import io.drillbook.prometheus.SustainResult.Outcome;
import io.drillbook.prometheus.ThresholdCheck.Comparator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client and the verifier against a real Prometheus scraping an exporter the tests drive, every second. */
class RealPrometheusIT {
  @RegisterExtension
  static final RealPrometheus REAL = new RealPrometheus();

  private static final Map<String, String> STAGING =
      Map.of("namespace", "intelgraph-staging", "deployment", "maestro-orchestrator-7d9f");
  private static final Map<String, String> PROD =
      Map.of("namespace", "intelgraph-prod", "deployment", "maestro-orchestrator-5c2a");
  private static final double[] BOUNDS = {0.05, 0.1, 0.25, 0.5, 1};
  private static final SustainPolicy FOUR_SECONDS =
      new SustainPolicy(Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofSeconds(20));
  private static final Map<String, String> SCOPE =
      Map.of("namespace", "intelgraph-staging", "deployment=~", "maestro-orchestrator.*");

  @BeforeAll
  static void series() {
    TestExporter exporter = REAL.exporter();
    exporter.gauge("drill_error_ratio", STAGING, 0.02);
    exporter.gauge("drill_error_ratio", PROD, 0.40);
    exporter.gauge("drill_relapse_ratio", STAGING, 0.02);
    exporter.counter("drill_requests_errors_total", STAGING, 5);
    exporter.counter("drill_requests_errors_total", PROD, 50);
    exporter.histogram("drill_request_duration_seconds", STAGING, BOUNDS, 20, 0.2);
    exporter.histogram("drill_request_duration_seconds", PROD, BOUNDS, 20, 0.8);
    // Counters need two scrapes before rate() has a value.
    REAL.awaitQuery("rate(drill_request_duration_seconds_bucket[1m])", samples -> !samples.isEmpty());
    REAL.awaitQuery("rate(drill_requests_errors_total[5s])", samples -> samples.size() == 2);
  }

  private static SustainResult verify(ThresholdCheck... checks) throws InterruptedException {
    return REAL.verifier().verify(List.of(checks), FOUR_SECONDS, new Abort());
  }

  @Test
  void aGaugeBelowTheLimitHoldsForTheWindow() throws Exception {
    SustainResult result = verify(new ThresholdCheck("error ratio",
        PromQl.scope("drill_error_ratio", SCOPE), Comparator.GREATER, 0.10, true));
    assertThat(result.outcome()).isEqualTo(Outcome.SUSTAINED);
    assertThat(Duration.between(result.windowStart(), result.windowEnd())).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    assertThat(result.recoveredAt()).contains(result.windowStart());
    assertThat(result.evaluations()).isEqualTo(5);
    assertThat(result.breaches()).isEmpty();
    assertThat(result.checks()).singleElement().satisfies(stats -> {
      assertThat(stats.last()).isEqualTo(0.02);
      assertThat(stats.max()).isEqualTo(0.02);
    });
  }

  @Test
  void aCounterRateHolds() throws Exception {
    SustainResult result = verify(new ThresholdCheck("error rate",
        PromQl.scope("sum(rate(drill_requests_errors_total[5s]))", SCOPE), Comparator.GREATER, 20, true));
    assertThat(result.ok()).isTrue();
    assertThat(result.checks().get(0).max()).isCloseTo(5, within(1.0));
    assertThat(result.checks().get(0).min()).isCloseTo(5, within(1.0));
  }

  @Test
  void aHistogramQuantileHolds() throws Exception {
    String p95 = "histogram_quantile(0.95, sum by (le) (rate(drill_request_duration_seconds_bucket[1m])))";
    // Everything staging observed was 0.2 s, in the (0.1, 0.25] bucket: interpolated, p95 is 0.1 + 0.95 * 0.15.
    SustainResult result = verify(new ThresholdCheck("p95 latency", PromQl.scope(p95, SCOPE), Comparator.GREATER,
        0.5, true));
    assertThat(result.ok()).isTrue();
    assertThat(result.checks().get(0).last()).isCloseTo(0.2425, within(0.001));
    // Unscoped, prod's 0.8 s requests are half of all and the p95 lands in prod's bucket.
    assertThat(REAL.client().instantQuery(p95, Instant.now())).singleElement()
        .satisfies(sample -> assertThat(sample.value()).isGreaterThan(0.5));
  }

  @Test
  void aRelapseInsideTheWindowRestartsIt() throws Exception {
    TestExporter exporter = REAL.exporter();
    String relapseRatio = PromQl.scope("drill_relapse_ratio", SCOPE);
    // Eight seconds, so a scrape and an evaluation of the relapse fit in the window however busy the machine.
    SustainPolicy eightSeconds =
        new SustainPolicy(Duration.ofSeconds(8), Duration.ofSeconds(1), Duration.ofSeconds(40));
    long before = REAL.queriesAnswered();
    CompletableFuture<SustainResult> verification = CompletableFuture.supplyAsync(() -> {
      try {
        return REAL.verifier().verify(List.of(new ThresholdCheck("relapse ratio", relapseRatio,
            Comparator.GREATER, 0.10, true)), eightSeconds, new Abort());
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Instant relapsed;
    try {
      // The window has started: the verifier has seen the healthy value.
      await().atMost(Duration.ofSeconds(20)).until(() -> REAL.queriesAnswered() > before);
      relapsed = Instant.now();
      exporter.gauge("drill_relapse_ratio", STAGING, 0.5);
      REAL.awaitQuery(relapseRatio, samples -> samples.size() == 1 && samples.get(0).value() == 0.5);
      // Prometheus has the relapse; two evaluations after that, so the verifier cannot miss it.
      long scraped = REAL.queriesAnswered();
      await().atMost(Duration.ofSeconds(20)).until(() -> REAL.queriesAnswered() >= scraped + 2);
    } finally {
      exporter.gauge("drill_relapse_ratio", STAGING, 0.02);
    }
    SustainResult result = verification.get();
    assertThat(result.outcome()).isEqualTo(Outcome.SUSTAINED);
    assertThat(result.breaches()).isNotEmpty().allSatisfy(breach -> {
      assertThat(breach.check()).isEqualTo("relapse ratio");
      assertThat(breach.value()).isEqualTo(0.5);
      assertThat(breach.labels()).containsEntry("namespace", "intelgraph-staging");
    });
    Breach lastBreach = result.breaches().get(result.breaches().size() - 1);
    assertThat(result.windowStart()).isAfter(lastBreach.at()).isAfter(relapsed);
    assertThat(Duration.between(result.windowStart(), result.windowEnd()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(8));
    assertThat(result.checks().get(0).max()).isEqualTo(0.02);
  }

  @Test
  void aMetricWithoutDataIsInconclusiveWhenDataIsRequired() throws Exception {
    SustainResult result = verify(new ThresholdCheck("ghost errors",
        PromQl.scope("rate(drill_metric_never_exported_total[1m])", SCOPE), Comparator.GREATER, 0.1, true));
    assertThat(result.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(result.ok()).isFalse();
    assertThat(result.evaluations()).isEqualTo(1);
    assertThat(result.reason()).startsWith("check 'ghost errors' has no data at ")
        .endsWith("(empty result) for: rate(drill_metric_never_exported_total{deployment=~\"maestro-orchestrator.*\", "
            + "namespace=\"intelgraph-staging\"}[1m])");
  }

  @Test
  void aScopedQuerySeesOnlyItsNamespace() throws Exception {
    PrometheusClient client = REAL.client();
    assertThat(client.instantQuery("drill_error_ratio", Instant.now())).hasSize(2);
    List<Sample> scoped = client.instantQuery(PromQl.scope("drill_error_ratio", SCOPE), Instant.now());
    assertThat(scoped).singleElement().satisfies(sample -> {
      assertThat(sample.labels()).containsEntry("namespace", "intelgraph-staging")
          .containsEntry("deployment", "maestro-orchestrator-7d9f").containsEntry("job", "exporter");
      assertThat(sample.value()).isEqualTo(0.02);
    });
    assertThat(client.instantQuery(PromQl.scope("drill_error_ratio", Map.of("namespace", "intelgraph-prod")),
        Instant.now())).singleElement().extracting(Sample::value).isEqualTo(0.40);
    assertThat(client.instantQuery(PromQl.scope("drill_error_ratio", Map.of("namespace", "elsewhere")),
        Instant.now())).isEmpty();
    // The same threshold unscoped would be judged on prod's series and breach.
    SustainResult unscoped = REAL.verifier().verify(List.of(new ThresholdCheck("error ratio", "drill_error_ratio",
        Comparator.GREATER, 0.10, true)), new SustainPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO),
        new Abort());
    assertThat(unscoped.outcome()).isEqualTo(Outcome.NOT_SUSTAINED);
    assertThat(unscoped.breaches()).singleElement().satisfies(breach -> assertThat(breach.labels())
        .containsEntry("namespace", "intelgraph-prod"));
  }

  @Test
  void queryErrorsAndSeriesFromTheRealServer() throws Exception {
    PrometheusClient client = REAL.client();
    assertThatThrownBy(() -> client.instantQuery("rate(drill_error_ratio[5m]", Instant.now()))
        .isInstanceOf(PrometheusException.class)
        .hasMessageStartingWith("Prometheus at http://")
        .hasMessageContaining(" rejected query 'rate(drill_error_ratio[5m]' (HTTP 400, bad_data): ");
    assertThatThrownBy(() -> client.instantQuery("rate(drill_error_ratio[1m])[5m:1s]", Instant.now()))
        .hasMessageContaining("resultType 'matrix'");
    assertThat(client.instantQuery("scalar(sum(drill_error_ratio))", Instant.now()))
        .singleElement().satisfies(sample -> assertThat(sample.value()).isCloseTo(0.42, within(1e-9)));
    assertThat(client.seriesExist("drill_error_ratio")).isTrue();
    assertThat(client.seriesExist("drill_request_duration_seconds_bucket")).isTrue();
    assertThat(client.seriesExist("drill_metric_never_exported_total")).isFalse();
  }
}
