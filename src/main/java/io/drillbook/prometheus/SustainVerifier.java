package io.drillbook.prometheus;

import io.drillbook.drill.Abort;
import io.drillbook.prometheus.SustainResult.Breach;
import io.drillbook.prometheus.SustainResult.CheckStats;
import io.drillbook.prometheus.SustainResult.Outcome;
import io.drillbook.time.Timing;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches runbook thresholds after a rollback until all of them have held continuously for a sustain window.
 *
 * <p>Every {@link SustainPolicy#interval()} all checks are evaluated at the same instant. The window starts at the
 * first all-clear evaluation and is over once an all-clear evaluation comes at least {@link SustainPolicy#window()}
 * after it; a breach of any check inside the window restarts it at the next all-clear evaluation. An evaluation that
 * cannot be judged (Prometheus unreachable, a query error, no data where a check requires it) ends the verification
 * at once as {@link Outcome#INCONCLUSIVE}: missing evidence is never taken for a pass.
 */
public final class SustainVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(SustainVerifier.class);

  /** Evaluates one expression at one instant; the future fails with a {@link PrometheusException}. */
  interface Querier {
    CompletableFuture<List<Sample>> query(String promql, Instant time);
  }

  private final Querier querier;
  private final Timing timing;

  /** A verifier asking {@code client}, with instants and durations from {@code timing}. */
  public SustainVerifier(PrometheusClient client, Timing timing) {
    this(Objects.requireNonNull(client, "'client' must not be null")::instantQueryAsync, timing);
  }

  SustainVerifier(Querier querier, Timing timing) {
    this.querier = querier;
    this.timing = Objects.requireNonNull(timing, "'timing' must not be null");
  }

  /**
   * Evaluates {@code checks} until they have all held for the policy's window, the timeout passes, an evaluation
   * is inconclusive, or {@code abort} fires (which ends the wait and any query in flight at once).
   *
   * @throws IllegalArgumentException if there are no checks or two share a name
   * @throws InterruptedException if the calling thread is interrupted
   */
  public SustainResult verify(List<ThresholdCheck> checks, SustainPolicy policy, Abort abort)
      throws InterruptedException {
    Objects.requireNonNull(policy, "'policy' must not be null");
    Objects.requireNonNull(abort, "'abort' must not be null");
    if (checks.isEmpty()) {
      throw new IllegalArgumentException("nothing to verify: no threshold checks");
    }
    Set<String> names = new HashSet<>();
    for (ThresholdCheck check : checks) {
      if (!names.add(check.name())) {
        throw new IllegalArgumentException("two threshold checks are named '" + check.name() + "'");
      }
    }
    CompletableFuture<Void> aborted = new CompletableFuture<>();
    abort.onFire(() -> aborted.complete(null));
    return new Run(List.copyOf(checks), policy, abort, aborted).run();
  }

  /** One check at one evaluation: its worst value (null without data) and whether that breaches. */
  private record Observation(ThresholdCheck check, Double value, Map<String, String> labels, boolean breached) {
  }

  private final class Run {
    private final List<ThresholdCheck> checks;
    private final SustainPolicy policy;
    private final Abort abort;
    private final CompletableFuture<Void> aborted;
    private final List<Breach> breaches = new ArrayList<>();
    private final Double[] last;
    private final Double[] min;
    private final Double[] max;
    private int evaluations;
    private Instant windowStart;
    private long windowStartNanos;
    private Instant windowEnd;
    private boolean lastBreached;
    private Breach lastBreach;

    Run(List<ThresholdCheck> checks, SustainPolicy policy, Abort abort, CompletableFuture<Void> aborted) {
      this.checks = checks;
      this.policy = policy;
      this.abort = abort;
      this.aborted = aborted;
      this.last = new Double[checks.size()];
      this.min = new Double[checks.size()];
      this.max = new Double[checks.size()];
    }

    SustainResult run() throws InterruptedException {
      long start = timing.nanos();
      Instant startedAt = timing.now();
      long deadline = start + policy.timeout().toNanos();
      long intervalNanos = policy.interval().toNanos();
      long tick = start;
      while (true) {
        if (abort.fired()) {
          return result(Outcome.ABORTED, "aborted: " + abort.reason());
        }
        // Evaluations sit on a grid from the start, not at the moment the thread woke: the window is then exactly
        // a whole number of intervals, and a clock step mid-run does not move the instants queried.
        long evaluatedNanos = tick;
        Instant at = startedAt.plusNanos(tick - start).truncatedTo(ChronoUnit.MILLIS);
        List<Observation> observations = new ArrayList<>(checks.size());
        String inconclusive = evaluate(at, observations);
        if (abort.fired()) {
          return result(Outcome.ABORTED, "aborted: " + abort.reason());
        }
        evaluations++;
        if (inconclusive != null) {
          LOG.debug("evaluation {} at {} inconclusive: {}", evaluations, at, inconclusive);
          return result(Outcome.INCONCLUSIVE, inconclusive);
        }
        boolean breached = observations.stream().anyMatch(Observation::breached);
        if (breached != lastBreached || (!breached && windowStart == null)) {
          resetStats();
        }
        lastBreached = breached;
        record(observations);
        if (breached) {
          windowStart = null;
          windowEnd = null;
          for (Observation o : observations) {
            if (o.breached()) {
              lastBreach = new Breach(at, o.check().name(), o.value(), o.labels());
              breaches.add(lastBreach);
            }
          }
          LOG.debug("evaluation {} at {}: breached {}", evaluations, at, observations);
        } else {
          if (windowStart == null) {
            windowStart = at;
            windowStartNanos = evaluatedNanos;
          }
          windowEnd = at;
          if (evaluatedNanos - windowStartNanos >= policy.window().toNanos()) {
            return result(Outcome.SUSTAINED, null);
          }
        }
        tick += intervalNanos;
        long now = timing.nanos();
        if (tick < now) {
          tick = now;
        }
        if (tick - deadline > 0) {
          return result(Outcome.NOT_SUSTAINED, notSustained(evaluatedNanos));
        }
        timing.sleeper().sleep(Duration.ofNanos(tick - now), aborted);
      }
    }

    /** Fills {@code observations} and returns null, or returns why this evaluation cannot be judged. */
    private String evaluate(Instant at, List<Observation> observations) throws InterruptedException {
      List<CompletableFuture<List<Sample>>> queries = new ArrayList<>(checks.size());
      for (ThresholdCheck check : checks) {
        queries.add(querier.query(check.promql(), at));
      }
      CompletableFuture<Void> all = CompletableFuture.allOf(queries.toArray(CompletableFuture[]::new));
      try {
        CompletableFuture.anyOf(all, aborted).get();
      } catch (ExecutionException e) {
        // Reported per check below, in the order the checks were given.
      } catch (InterruptedException e) {
        queries.forEach(query -> query.cancel(true));
        throw e;
      }
      if (aborted.isDone()) {
        queries.forEach(query -> query.cancel(true));
        return null;
      }
      for (int i = 0; i < checks.size(); i++) {
        ThresholdCheck check = checks.get(i);
        List<Sample> samples;
        try {
          samples = queries.get(i).join();
        } catch (RuntimeException e) {
          return "check '" + check.name() + "': " + PrometheusClient.asPrometheusException(e).getMessage();
        }
        Sample worst = null;
        for (Sample sample : samples) {
          if (!Double.isNaN(sample.value())
              && (worst == null || check.comparator().worse(sample.value(), worst.value()))) {
            worst = sample;
          }
        }
        if (worst == null) {
          if (check.requireData()) {
            return "check '" + check.name() + "' has no data at " + at
                + (samples.isEmpty() ? " (empty result)" : " (only NaN values)") + " for: " + check.promql();
          }
          observations.add(new Observation(check, null, Map.of(), false));
        } else {
          observations.add(new Observation(check, worst.value(), worst.labels(), check.breachedBy(worst.value())));
        }
      }
      return null;
    }

    private void resetStats() {
      Arrays.fill(last, null);
      Arrays.fill(min, null);
      Arrays.fill(max, null);
    }

    private void record(List<Observation> observations) {
      for (int i = 0; i < observations.size(); i++) {
        Double value = observations.get(i).value();
        if (value == null) {
          continue;
        }
        last[i] = value;
        min[i] = min[i] == null ? value : Math.min(min[i], value);
        max[i] = max[i] == null ? value : Math.max(max[i], value);
      }
    }

    private String notSustained(long evaluatedNanos) {
      String budget = " within the " + human(policy.timeout()) + " timeout";
      if (windowStart != null) {
        return "thresholds held for only " + human(Duration.ofNanos(evaluatedNanos - windowStartNanos)) + " of the "
            + human(policy.window()) + " window" + budget + " (window started at " + windowStart + ")";
      }
      ThresholdCheck check = checks.stream().filter(c -> c.name().equals(lastBreach.check())).findFirst()
          .orElseThrow();
      return "check '" + check.name() + "' still breached" + budget + ": " + lastBreach.value() + " "
          + check.comparator().symbol() + " " + check.limit() + " at " + lastBreach.at();
    }

    private SustainResult result(Outcome outcome, String reason) {
      List<CheckStats> stats = new ArrayList<>(checks.size());
      for (int i = 0; i < checks.size(); i++) {
        stats.add(new CheckStats(checks.get(i).name(), last[i], min[i], max[i]));
      }
      LOG.debug("sustain verification {} after {} evaluations: {}", outcome, evaluations, reason);
      return new SustainResult(outcome, reason, windowStart, windowEnd, evaluations, stats, breaches);
    }
  }

  private static String human(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }
}
