package io.drillbook.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drillbook.drill.Abort;
import io.drillbook.prometheus.SustainResult.Outcome;
import io.drillbook.prometheus.ThresholdCheck.Comparator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Its own Prometheus, since the test kills it. The check reads a constant expression, which needs no scraped data,
 * so this server need not wait for its first scrape.
 */
class PrometheusStoppedIT {
  @RegisterExtension
  static final RealPrometheus REAL = new RealPrometheus(false);

  @Test
  void prometheusGoneMidWindowIsInconclusive() throws Exception {
    ThresholdCheck check = new ThresholdCheck("error ratio", "vector(0.01)", Comparator.GREATER, 0.1, true);
    long before = REAL.queriesAnswered();
    // A window far longer than the test: ending well before it shows the outage ended the verification.
    CompletableFuture<SustainResult> verification = CompletableFuture.supplyAsync(() -> {
      try {
        return REAL.verifier().verify(List.of(check),
            new SustainPolicy(Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(90)), new Abort());
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    // Three evaluations answered: Prometheus goes mid-window.
    await().atMost(Duration.ofSeconds(30)).until(() -> REAL.queriesAnswered() >= before + 3);
    REAL.prometheus().kill();
    SustainResult result = verification.get(60, TimeUnit.SECONDS);
    assertThat(result.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(result.ok()).isFalse();
    assertThat(result.recoveredAt()).isEmpty();
    assertThat(result.evaluations())
        .as("the answered ones and the one that found Prometheus gone, not a window's worth").isBetween(4, 30);
    assertThat(result.reason()).startsWith("check 'error ratio': Prometheus at " + REAL.prometheus().url()
        + " is unreachable: ");
    assertThat(result.checks().get(0).last()).isEqualTo(0.01);
  }
}
