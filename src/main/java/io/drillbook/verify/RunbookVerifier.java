package io.drillbook.verify;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.VerificationConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.CheckResult;
import io.drillbook.drill.InfrastructureException;
import io.drillbook.drill.PreflightException;
import io.drillbook.drill.Verifier;
import io.drillbook.drill.Verifier.Verification.Result;
import io.drillbook.logs.RepeatedTrace;
import io.drillbook.logs.RepeatingTraces;
import io.drillbook.prometheus.PrometheusClient;
import io.drillbook.prometheus.SustainPolicy;
import io.drillbook.prometheus.SustainResult;
import io.drillbook.prometheus.SustainVerifier;
import io.drillbook.runbook.Runbook;
import io.drillbook.runbook.RunbookException;
import io.drillbook.runbook.RunbookParser;
import io.drillbook.signals.MetricsUnavailable;
import io.drillbook.signals.TrafficSource;
import io.drillbook.time.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Verifies a drill against its runbook: every threshold, evaluated in Prometheus and scoped to the target, must
 * hold continuously for the sustain window; then the target's pods must show no repeating stack trace in the log
 * window. Prometheus unreachable, a query error or missing data make the verification inconclusive, never a pass.
 */
public final class RunbookVerifier implements Verifier {
  private final RunbookParser parser;
  private final PrometheusClient prometheus;
  private final PodLogs logs;
  private final TrafficSource traffic;
  private final Timing timing;

  /**
   * @param prometheus the server thresholds are evaluated on, or null when none is configured
   */
  public RunbookVerifier(RunbookParser parser, PrometheusClient prometheus, PodLogs logs, Timing timing) {
    this(parser, prometheus, logs, null, timing);
  }

  /** @param traffic where the runbook's traffic check reads pod usage, or null to leave it unchecked */
  public RunbookVerifier(RunbookParser parser, PrometheusClient prometheus, PodLogs logs, TrafficSource traffic,
      Timing timing) {
    this.parser = parser;
    this.prometheus = prometheus;
    this.logs = logs;
    this.traffic = traffic;
    this.timing = timing;
  }

  private record Prepared(Runbook runbook, ThresholdPlan plan, Duration window, Duration timeout, Long logWindow) {}

  private record PreparedRun(String drillId, Prepared prepared) {}

  /**
   * What preflight read, by drill name (the latest run only, so a daemon keeps one per drill): verification judges
   * against the very runbook text whose SHA-256 the evidence records, not a re-read that may have changed since.
   */
  private final Map<String, PreparedRun> preparedRuns = new java.util.concurrent.ConcurrentHashMap<>();

  private Prepared prepared(DrillConfig drill) throws PreflightException {
    VerificationConfig config = drill.verification();
    Runbook runbook;
    try {
      runbook = parser.parse(config.runbook());
    } catch (RunbookException e) {
      throw new PreflightException("runbook " + e.getMessage());
    }
    ThresholdPlan plan = ThresholdPlan.of(runbook.thresholds(), drill,
        runbook.verification().checksTraffic() && traffic != null);
    if (!plan.problems().isEmpty()) {
      throw new PreflightException("the runbook's thresholds cannot be evaluated as stated: "
          + String.join("; ", plan.problems()));
    }
    if (!plan.checks().isEmpty() && prometheus == null) {
      throw new PreflightException("runbook " + config.runbook() + " states thresholds; configure prometheus.url "
          + "to verify them");
    }
    Long sustainSeconds = runbook.verification().sustainSeconds();
    Duration window = config.sustain() != null ? config.sustain()
        : sustainSeconds != null ? Duration.ofSeconds(sustainSeconds) : null;
    if (window == null) {
      throw new PreflightException("runbook " + config.runbook() + " states no sustain window (\"for N minutes\"); "
          + "set sustain: in the drill");
    }
    Duration timeout = config.timeout() != null ? config.timeout() : window.plusMinutes(10);
    if (timeout.compareTo(window) < 0) {
      throw new PreflightException("verify.timeout " + timeout.toSeconds() + " s is shorter than the sustain window "
          + window.toSeconds() + " s");
    }
    return new Prepared(runbook, plan, window, timeout, runbook.verification().logWindowSeconds());
  }

  @Override
  public Map<String, String> prepare(DrillConfig drill, String drillId)
      throws PreflightException, InfrastructureException {
    Prepared p = prepared(drill);
    preparedRuns.put(drill.name(), new PreparedRun(drillId, p));
    if (!p.plan().checks().isEmpty()) {
      try {
        prometheus.instantQuery("vector(1)", timing.now());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PreflightException("interrupted while checking Prometheus");
      }
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("runbook", drill.verification().runbook().toString());
    facts.put("runbookSha256", p.runbook().sha256());
    String commit = GitRevision.of(drill.verification().runbook());
    if (commit != null) {
      facts.put("runbookCommit", commit);
    }
    if (p.runbook().verification().checksTraffic()) {
      facts.put("traffic", traffic == null ? "not checked (no cluster to read pod metrics from)"
          : "sampled every " + drill.verification().interval().toSeconds() + " s through the sustain window from "
              + traffic.describe() + " (runbook line " + p.runbook().verification().trafficLine() + ")");
    }
    facts.put("sustainWindow", p.window().toSeconds() + " s" + (drill.verification().sustain() != null
        ? " (config overrides the runbook's " + p.runbook().verification().sustainSeconds() + " s)"
        : " (runbook line " + p.runbook().verification().sustainLine() + ")"));
    List<String> overrides = new ArrayList<>();
    drill.verification().thresholds().forEach((alert, o) -> {
      // 'for' alone shapes the rules 'drillbook runbook rules' writes, not what a drill evaluates.
      if (o.skip() != null || o.query() != null || o.denominator() != null) {
        overrides.add(alert + ": " + (o.skip() != null ? "skipped (" + o.skip() + ")"
            : o.query() != null ? "query from config" : "denominator from config"));
      }
    });
    if (drill.health() != null && p.runbook().verification().healthUrl() != null
        && !drill.health().url().toString().equals(p.runbook().verification().healthUrl())) {
      overrides.add("health: " + drill.health().url() + " instead of the runbook's "
          + p.runbook().verification().healthUrl());
    }
    if (!overrides.isEmpty()) {
      facts.put("runbookOverrides", String.join("; ", overrides));
    }
    return facts;
  }

  @Override
  public Verification verify(DrillConfig drill, String drillId, Abort abort)
      throws InfrastructureException, InterruptedException {
    Prepared p;
    PreparedRun earlier = preparedRuns.get(drill.name());
    if (earlier != null && earlier.drillId().equals(drillId)) {
      preparedRuns.remove(drill.name(), earlier);
      p = earlier.prepared();
    } else {
      try {
        p = prepared(drill);
      } catch (PreflightException e) {
        return new Verification(Result.INCONCLUSIVE, e.getMessage(), null, List.of(), Map.of());
      }
    }
    boolean checksTraffic = traffic != null && p.runbook().verification().checksTraffic();
    try (TrafficSampler sampler = checksTraffic
        ? TrafficSampler.start(traffic, drill.target(), drill.verification().interval(), timing) : null) {
      return verify(drill, p, sampler, abort);
    }
  }

  private Verification verify(DrillConfig drill, Prepared p, TrafficSampler sampler, Abort abort)
      throws InfrastructureException, InterruptedException {
    List<CheckResult> checks = new ArrayList<>();
    Map<String, String> facts = new LinkedHashMap<>();
    java.time.Instant recoveredAt = null;
    java.time.Instant windowEnd = null;
    String held = "no thresholds to evaluate";
    p.plan().skipped().forEach((alert, why) -> checks.add(new CheckResult("threshold " + alert, true,
        "skipped by config: " + why)));
    if (!p.plan().checks().isEmpty()) {
      SustainResult r = new SustainVerifier(prometheus, timing)
          .verify(p.plan().checks(), new SustainPolicy(p.window(), drill.verification().interval(), p.timeout()), abort);
      for (SustainResult.CheckStats stats : r.checks()) {
        var check = p.plan().checks().stream().filter(c -> c.name().equals(stats.check())).findFirst().orElseThrow();
        boolean ok = r.ok();
        checks.add(new CheckResult("threshold " + stats.check(), ok, String.format(Locale.ROOT,
            "%s %s %s: last %s, max %s over the %s window", check.promql(), check.comparator().symbol(),
            number(check.limit()), number(stats.last()), number(stats.max()), r.ok() ? "final" : "last")));
      }
      facts.put("verifyEvaluations", Integer.toString(r.evaluations()));
      if (r.windowStart() != null) {
        facts.put("verifyWindow", r.windowStart() + " to " + r.windowEnd());
      }
      switch (r.outcome()) {
        case SUSTAINED -> {
          recoveredAt = r.windowStart();
          windowEnd = r.windowEnd();
          held = "every threshold held for " + p.window().toSeconds() + " s from " + r.windowStart();
        }
        case NOT_SUSTAINED -> {
          return new Verification(Result.BREACHED, "runbook thresholds did not hold for " + p.window().toSeconds()
              + " s within " + p.timeout().toSeconds() + " s: " + r.reason(), null, checks, facts);
        }
        case INCONCLUSIVE -> {
          return new Verification(Result.INCONCLUSIVE, r.reason(), null, checks, facts);
        }
        case ABORTED -> {
          return new Verification(Result.ABORTED, "aborted during verification: " + r.reason(), null, checks, facts);
        }
      }
    }
    if (sampler != null) {
      java.time.Instant trafficFrom = recoveredAt;
      if (trafficFrom == null) {
        // No threshold to wait on: the traffic check still needs the window's worth of samples.
        trafficFrom = timing.now();
        if (!waitOut(p.window(), drill.verification().interval(), abort)) {
          return new Verification(Result.ABORTED, "aborted during verification: " + abort.reason(), null, checks,
              facts);
        }
        windowEnd = timing.now();
      }
      Verification traffic = judgeTraffic(drill, p, sampler, trafficFrom, windowEnd, checks, facts);
      if (traffic != null) {
        return traffic;
      }
      held += checks.get(checks.size() - 1).name().equals("traffic") ? "; traffic steady" : "";
    }
    if (p.logWindow() != null) {
      Duration window = Duration.ofSeconds(p.logWindow());
      List<RepeatedTrace> traces = RepeatingTraces.find(logs.recentLogs(drill.target(), window),
          drill.verification().logRepeats());
      if (!traces.isEmpty()) {
        RepeatedTrace first = traces.get(0);
        String detail = "repeated " + first.count() + " times in the last " + window.toSeconds() + " s: "
            + String.join(" / ", first.firstLines());
        checks.add(new CheckResult("logs", false, detail));
        return new Verification(Result.BREACHED, "the same stack trace " + detail, recoveredAt, checks, facts);
      }
      checks.add(new CheckResult("logs", true, "no stack trace repeated " + drill.verification().logRepeats()
          + " or more times in the last " + window.toSeconds() + " s"));
      held += "; no repeating stack traces";
    }
    return new Verification(Result.HELD, held, recoveredAt, checks, facts);
  }

  /**
   * Judges the samples of the window that held; adds the check (or the "not checked" fact) and returns null when
   * verification goes on, or the verification's end when traffic was not steady or could not be judged.
   */
  private Verification judgeTraffic(DrillConfig drill, Prepared p, TrafficSampler sampler, java.time.Instant from,
      java.time.Instant to, List<CheckResult> checks, Map<String, String> facts)
      throws InfrastructureException, InterruptedException {
    MetricsUnavailable unavailable = sampler.unavailable();
    if (unavailable != null && unavailable.kind() == MetricsUnavailable.Kind.NO_METRICS_API) {
      facts.put("traffic", "not checked (" + unavailable.getMessage() + ")");
      return null;
    }
    if (unavailable != null) {
      facts.put("traffic", "not checked (" + unavailable.getMessage() + ")");
      return new Verification(Result.INCONCLUSIVE, "the runbook's traffic check could not run: "
          + unavailable.getMessage(), null, checks, facts);
    }
    facts.put("traffic", "sampled every " + drill.verification().interval().toSeconds() + " s from "
        + traffic.describe() + " (runbook line " + p.runbook().verification().trafficLine() + ")"
        + (sampler.errors() > 0 ? "; " + sampler.errors() + " reads failed, last: " + sampler.lastError() : ""));
    TrafficJudge.Judgement j = TrafficJudge.judge(traffic.pods(drill.target()), sampler.samplesBetween(from, to),
        p.plan().resources(), drill.verification().cpuVariation());
    switch (j.result()) {
      case STEADY -> {
        checks.add(new CheckResult("traffic", true, j.detail()));
        return null;
      }
      case UNSTEADY -> {
        checks.add(new CheckResult("traffic", false, j.detail()));
        return new Verification(Result.BREACHED, "traffic was not steady (runbook line "
            + p.runbook().verification().trafficLine() + "): " + j.detail(), null, checks, facts);
      }
      default -> {
        return new Verification(Result.INCONCLUSIVE, "the runbook's traffic check could not be judged: "
            + j.detail() + (sampler.lastError() == null ? "" : "; last read error: " + sampler.lastError()), null,
            checks, facts);
      }
    }
  }

  /** Sleeps out {@code window} in steps of at most {@code step}; false when the abort fired first. */
  private boolean waitOut(Duration window, Duration step, Abort abort) throws InterruptedException {
    long end = timing.nanos() + window.toNanos();
    while (timing.nanos() < end) {
      if (abort.fired()) {
        return false;
      }
      long left = end - timing.nanos();
      timing.sleep(Duration.ofNanos(Math.min(left, step.toNanos())));
    }
    return !abort.fired();
  }

  /** Four significant digits, no trailing zeros: {@code 0.05}, {@code 0.01234}, {@code 2}. */
  private static String number(Double value) {
    if (value == null) {
      return "no data";
    }
    if (value.isNaN() || value.isInfinite()) {
      return value.toString();
    }
    return java.math.BigDecimal.valueOf(value).round(new java.math.MathContext(4)).stripTrailingZeros()
        .toPlainString();
  }
}
