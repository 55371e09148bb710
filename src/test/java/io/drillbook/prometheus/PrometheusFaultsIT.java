package io.drillbook.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.drill.Abort;
import io.drillbook.faults.TcpProxy;
import io.drillbook.prometheus.SustainResult.Outcome;
import io.drillbook.prometheus.ThresholdCheck.Comparator;
import io.drillbook.time.Timing;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real Prometheus behind a {@link TcpProxy}: down (connections refused) or slow (connections accepted, answers
 * held past the query timeout). Missing evidence is INCONCLUSIVE, never PASS, even when every answer that did come
 * held.
 */
class PrometheusFaultsIT {
  @RegisterExtension
  static final RealPrometheus REAL = new RealPrometheus(false);

  private static final ThresholdCheck HOLDS = new ThresholdCheck("error ratio", "vector(0.01)", Comparator.GREATER,
      0.1, true);
  private static final SustainPolicy POLICY = new SustainPolicy(Duration.ofSeconds(3), Duration.ofMillis(500),
      Duration.ofSeconds(20));

  private TcpProxy proxy;
  private SustainVerifier verifier;

  @BeforeEach
  void start() throws Exception {
    proxy = TcpProxy.to(REAL.prometheus().url());
    verifier = new SustainVerifier(new PrometheusClient(proxy.in(REAL.prometheus().url()), null,
        Duration.ofSeconds(1)), Timing.system());
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void prometheusDownFromTheStartIsInconclusive() throws Exception {
    proxy.down();

    SustainResult result = verifier.verify(List.of(HOLDS), POLICY, new Abort());

    assertThat(result.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(result.ok()).isFalse();
    assertThat(result.reason()).startsWith("check 'error ratio': Prometheus at ").contains("unreachable");
  }

  @Test
  void prometheusStalledPastTheQueryTimeoutIsInconclusiveNeverPass() throws Exception {
    proxy.stall();

    SustainResult result = verifier.verify(List.of(HOLDS), POLICY, new Abort());

    assertThat(result.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(result.ok()).isFalse();
    assertThat(result.recoveredAt()).isEmpty();
    assertThat(result.reason()).startsWith("check 'error ratio': ").contains("did not answer within 1000 ms");
  }

  @Test
  void prometheusSlowerThanTheQueryTimeoutMidWindowIsInconclusive() throws Exception {
    // Answers come, but each takes longer than the 1 s the client waits.
    proxy.delay(Duration.ofMillis(1500));

    SustainResult result = verifier.verify(List.of(HOLDS), POLICY, new Abort());

    assertThat(result.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(result.ok()).isFalse();
  }

  @Test
  void prometheusSlowButWithinTheQueryTimeoutStillHolds() throws Exception {
    proxy.delay(Duration.ofMillis(100));

    SustainResult result = verifier.verify(List.of(HOLDS), POLICY, new Abort());

    assertThat(result.outcome()).isEqualTo(Outcome.SUSTAINED);
  }
}
