package io.drillbook.prometheus;

import static org.awaitility.Awaitility.await;

import io.drillbook.time.Timing;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: one {@link TestExporter} and one real Prometheus scraping it for a test class, stopped after
 * the class whatever happened. Register it as a static field with {@code @RegisterExtension}.
 */
final class RealPrometheus implements BeforeAllCallback, AfterAllCallback {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final boolean awaitFirstScrape;
  private TestExporter exporter;
  private PrometheusProcess prometheus;
  private PrometheusClient client;

  /** Prometheus and its exporter, ready once the exporter has been scraped. */
  RealPrometheus() {
    this(true);
  }

  /**
   * @param awaitFirstScrape whether to wait for the first scrape: Prometheus 2.42 applies scrape targets only on
   *     its 5 s discovery tick, so tests that need no scraped data start that much sooner without it
   */
  RealPrometheus(boolean awaitFirstScrape) {
    this.awaitFirstScrape = awaitFirstScrape;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    exporter = TestExporter.start();
    prometheus = PrometheusProcess.start(exporter.port());
    client = new PrometheusClient(prometheus.url(), null, Duration.ofSeconds(2));
    if (awaitFirstScrape) {
      awaitQuery("up{job=\"exporter\"} == 1", samples -> !samples.isEmpty());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (prometheus != null) {
        prometheus.close();
      }
    } finally {
      if (exporter != null) {
        exporter.close();
      }
    }
  }

  TestExporter exporter() {
    return exporter;
  }

  PrometheusProcess prometheus() {
    return prometheus;
  }

  PrometheusClient client() {
    return client;
  }

  SustainVerifier verifier() {
    return new SustainVerifier(client, Timing.system());
  }

  /**
   * How many instant queries ({@code /api/v1/query}) this Prometheus has answered, from its own metrics: lets a test
   * wait for the verifier's evaluations instead of guessing their timing.
   */
  long queriesAnswered() throws IOException, InterruptedException {
    HttpRequest metrics = HttpRequest.newBuilder(prometheus.url().resolve("/metrics"))
        .timeout(Duration.ofSeconds(5)).build();
    String body = HTTP.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
    return body.lines()
        .filter(line -> line.startsWith("prometheus_http_requests_total{")
            && line.contains("handler=\"/api/v1/query\""))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Waits (up to 15 s) until {@code promql} answers what {@code until} wants, and returns that answer. */
  List<Sample> awaitQuery(String promql, Predicate<List<Sample>> until) {
    return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> client.instantQuery(promql, Instant.now()), until);
  }
}
