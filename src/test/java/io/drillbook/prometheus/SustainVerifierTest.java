package io.drillbook.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drillbook.drill.Abort;
import io.drillbook.prometheus.SustainResult.CheckStats;
import io.drillbook.prometheus.SustainResult.Outcome;
import io.drillbook.prometheus.ThresholdCheck.Comparator;
import io.drillbook.time.Sleeper;
import io.drillbook.time.Timing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The window logic on fake time: evaluations happen at whole seconds from T0, and sleeping moves time on. */
class SustainVerifierTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final SustainPolicy POLICY =
      new SustainPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30));
  private static final ThresholdCheck ERRORS =
      new ThresholdCheck("error ratio", "errors", Comparator.GREATER, 0.10, true);
  private static final ThresholdCheck AVAILABILITY =
      new ThresholdCheck("availability", "availability", Comparator.LESS, 0.99, true);

  private final AtomicLong nanos = new AtomicLong();
  private final List<Long> sleeps = new ArrayList<>();
  private final Timing timing = new Timing(new FakeClock(), nanos::get, new Sleeper() {
    @Override
    public void sleep(Duration d) {
      sleeps.add(d.toNanos());
      nanos.addAndGet(d.toNanos());
    }

    @Override
    public void sleep(Duration d, CompletableFuture<?> wake) {
      sleeps.add(d.toNanos());
      if (!wake.isDone()) {
        nanos.addAndGet(d.toNanos());
      }
    }
  });

  /** Answers each query by name and second since T0. */
  private SustainVerifier verifier(BiFunction<String, Long, CompletableFuture<List<Sample>>> answers) {
    return new SustainVerifier((promql, time) -> answers.apply(promql, Duration.between(T0, time).toSeconds()),
        timing);
  }

  private static CompletableFuture<List<Sample>> value(double value) {
    return CompletableFuture.completedFuture(List.of(new Sample(Map.of("pod", "p1"), value)));
  }

  private static CompletableFuture<List<Sample>> healthy(String promql) {
    return value(promql.equals("errors") ? 0.01 : 0.999);
  }

  @Test
  void holdsForTheWindow() throws Exception {
    SustainResult result = verifier((q, s) -> healthy(q)).verify(List.of(ERRORS, AVAILABILITY), POLICY, new Abort());
    assertThat(result.outcome()).isEqualTo(Outcome.SUSTAINED);
    assertThat(result.ok()).isTrue();
    assertThat(result.reason()).isNull();
    assertThat(result.windowStart()).isEqualTo(T0);
    assertThat(result.recoveredAt()).contains(T0);
    assertThat(result.windowEnd()).isEqualTo(T0.plusSeconds(5));
    assertThat(result.evaluations()).isEqualTo(6);
    assertThat(result.breaches()).isEmpty();
    assertThat(result.checks()).containsExactly(new CheckStats("error ratio", 0.01, 0.01, 0.01),
        new CheckStats("availability", 0.999, 0.999, 0.999));
    assertThat(sleeps).containsOnly(1_000_000_000L);
  }

  @Test
  void aRelapseRestartsTheWindowAtTheNextAllClear() throws Exception {
    SustainResult result = verifier((q, s) -> q.equals("errors") && (s == 3 || s == 4) ? value(s == 3 ? 0.23 : 0.24)
        : q.equals("errors") ? value(0.01 * s) : healthy(q))
        .verify(List.of(ERRORS, AVAILABILITY), POLICY, new Abort());
    assertThat(result.ok()).isTrue();
    assertThat(result.windowStart()).isEqualTo(T0.plusSeconds(5));
    assertThat(result.windowEnd()).isEqualTo(T0.plusSeconds(10));
    assertThat(result.evaluations()).isEqualTo(11);
    assertThat(result.breaches()).extracting(b -> b.at(), b -> b.check(), b -> b.value())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(3), "error ratio", 0.23),
            org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(4), "error ratio", 0.24));
    assertThat(result.breaches().get(0).labels()).isEqualTo(Map.of("pod", "p1"));
    // Only the final window's values: 0.05 .. 0.10, none of the breach.
    assertThat(result.checks().get(0)).isEqualTo(new CheckStats("error ratio", 0.1, 0.05, 0.1));
  }

  @Test
  void theWorstSeriesCountsAndTheLimitItselfIsNotABreachOfGreater() throws Exception {
    SustainResult result = verifier((q, s) -> CompletableFuture.completedFuture(List.of(
        new Sample(Map.of("pod", "a"), 0.02), new Sample(Map.of("pod", "b"), 0.10), new Sample(Map.of(), Double.NaN))))
        .verify(List.of(ERRORS), POLICY, new Abort());
    assertThat(result.ok()).isTrue();
    assertThat(result.checks().get(0).max()).isEqualTo(0.10);

    SustainResult lowest = verifier((q, s) -> CompletableFuture.completedFuture(List.of(
        new Sample(Map.of("pod", "a"), 0.999), new Sample(Map.of("pod", "b"), 0.5))))
        .verify(List.of(AVAILABILITY), new SustainPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2)),
            new Abort());
    assertThat(lowest.outcome()).isEqualTo(Outcome.NOT_SUSTAINED);
    // Evaluated at 5, 6 and 7 s: the fake clock went on from the first verification.
    assertThat(lowest.breaches()).hasSize(3).first().satisfies(b -> {
      assertThat(b.value()).isEqualTo(0.5);
      assertThat(b.labels()).containsEntry("pod", "b");
    });
  }

  @Test
  void neverHoldingLongEnoughIsNotSustained() throws Exception {
    SustainResult result = verifier((q, s) -> s % 4 == 3 ? value(0.5) : value(0.0))
        .verify(List.of(ERRORS), POLICY, new Abort());
    assertThat(result.outcome()).isEqualTo(Outcome.NOT_SUSTAINED);
    assertThat(result.evaluations()).isEqualTo(31);
    assertThat(result.breaches()).hasSize(7);
    assertThat(result.windowStart()).isEqualTo(T0.plusSeconds(28));
    assertThat(result.reason()).isEqualTo("thresholds held for only 2 s of the 5 s window within the 30 s timeout "
        + "(window started at 2024-05-01T10:00:28Z)");
  }

  @Test
  void stillBreachedAtTheTimeout() throws Exception {
    SustainResult result = verifier((q, s) -> value(0.3 + s / 100.0)).verify(List.of(ERRORS),
        new SustainPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10)), new Abort());
    assertThat(result.outcome()).isEqualTo(Outcome.NOT_SUSTAINED);
    assertThat(result.windowStart()).isNull();
    assertThat(result.reason()).isEqualTo("check 'error ratio' still breached within the 10 s timeout: 0.4 > 0.1 "
        + "at 2024-05-01T10:00:10Z");
    assertThat(result.checks().get(0)).isEqualTo(new CheckStats("error ratio", 0.4, 0.3, 0.4));
  }

  @Test
  void aQueryErrorIsInconclusiveAtOnce() throws Exception {
    SustainResult result = verifier((q, s) -> s == 2 && q.equals("availability")
        ? CompletableFuture.failedFuture(new PrometheusException("Prometheus at http://p is unreachable: boom"))
        : healthy(q)).verify(List.of(ERRORS, AVAILABILITY), POLICY, new Abort());
    assertThat(result.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(result.ok()).isFalse();
    assertThat(result.recoveredAt()).isEmpty();
    assertThat(result.evaluations()).isEqualTo(3);
    assertThat(result.reason()).isEqualTo("check 'availability': Prometheus at http://p is unreachable: boom");
  }

  @Test
  void noDataIsInconclusiveWhenRequiredAndClearOtherwise() throws Exception {
    SustainResult required = verifier((q, s) -> CompletableFuture.completedFuture(List.of()))
        .verify(List.of(ERRORS), POLICY, new Abort());
    assertThat(required.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(required.reason()).isEqualTo("check 'error ratio' has no data at 2024-05-01T10:00:00Z "
        + "(empty result) for: errors");

    SustainResult nan = verifier((q, s) -> value(Double.NaN)).verify(List.of(ERRORS), POLICY, new Abort());
    assertThat(nan.reason()).contains("(only NaN values)");

    ThresholdCheck optional = new ThresholdCheck("optional", "errors", Comparator.GREATER, 0.1, false);
    SustainResult allowed = verifier((q, s) -> CompletableFuture.completedFuture(List.of()))
        .verify(List.of(optional), POLICY, new Abort());
    assertThat(allowed.ok()).isTrue();
    assertThat(allowed.checks()).containsExactly(new CheckStats("optional", null, null, null));
  }

  @Test
  void abortEndsAWaitingQuery() throws Exception {
    Abort abort = new Abort();
    CompletableFuture<List<Sample>> hanging = new CompletableFuture<>();
    SustainVerifier verifier = verifier((q, s) -> {
      if (s == 2) {
        abort.fire("operator pressed Ctrl-C");
        return hanging;
      }
      return healthy(q);
    });
    SustainResult result = verifier.verify(List.of(ERRORS), POLICY, abort);
    assertThat(result.outcome()).isEqualTo(Outcome.ABORTED);
    assertThat(result.reason()).isEqualTo("aborted: operator pressed Ctrl-C");
    assertThat(result.evaluations()).isEqualTo(2);
    assertThat(hanging).isCancelled();
  }

  @Test
  void abortAlreadyFired() throws Exception {
    Abort abort = new Abort();
    abort.fire("stop");
    SustainResult result = verifier((q, s) -> healthy(q)).verify(List.of(ERRORS), POLICY, abort);
    assertThat(result.outcome()).isEqualTo(Outcome.ABORTED);
    assertThat(result.evaluations()).isZero();
  }

  @Test
  void slowEvaluationsDoNotPileUp() throws Exception {
    SustainResult result = verifier((q, s) -> {
      nanos.addAndGet(1_500_000_000L);
      return healthy(q);
    }).verify(List.of(ERRORS), POLICY, new Abort());
    assertThat(result.ok()).isTrue();
    assertThat(result.evaluations()).isEqualTo(5);
    assertThat(sleeps).containsOnly(0L);
  }

  @Test
  void refusesNoChecksOrDuplicateNames() {
    SustainVerifier verifier = verifier((q, s) -> healthy(q));
    assertThatThrownBy(() -> verifier.verify(List.of(), POLICY, new Abort()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> verifier.verify(List.of(ERRORS, ERRORS), POLICY, new Abort()))
        .hasMessage("two threshold checks are named 'error ratio'");
  }

  @Test
  void policyAndCheckValidation() {
    assertThatThrownBy(() -> new SustainPolicy(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(5)))
        .hasMessageContaining("shorter than the sustain window");
    assertThatThrownBy(() -> new SustainPolicy(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(5)))
        .hasMessageContaining("interval must be positive");
    assertThat(Comparator.of(">=")).isEqualTo(Comparator.GREATER_OR_EQUAL);
    assertThatThrownBy(() -> Comparator.of("==")).hasMessageContaining("one of >, >=, <, <=");
    ThresholdCheck atLeast = new ThresholdCheck("x", "q", Comparator.GREATER_OR_EQUAL, 0.1, true);
    assertThat(atLeast.breachedBy(0.1)).isTrue();
    assertThat(atLeast.breachedBy(Double.NaN)).isFalse();
    assertThat(new ThresholdCheck("x", "q", Comparator.LESS_OR_EQUAL, 0.99, true).breachedBy(0.99)).isTrue();
  }

  private final class FakeClock extends Clock {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return T0.plusNanos(nanos.get());
    }
  }
}
