package io.drillbook.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a drill verifies recovery against its runbook: the runbook's thresholds, held in Prometheus for the sustain
 * window, and its log rule.
 *
 * @param runbook the runbook the thresholds, sustain window and health check come from
 * @param sustain overrides the runbook's sustain window, or null to use it
 * @param interval time between two evaluations of every threshold
 * @param timeout how long to wait for a window that holds, or null for the sustain window plus 10 minutes
 * @param matchers label matchers added to every selector of every query; values may use {@code ${namespace}} and
 *     {@code ${deployment}}, and a value starting with {@code =~} is a regular expression
 * @param logRepeats a trace seen this many times in the log window fails the logs check
 * @param thresholds per-alert overrides, by the runbook's alert name
 * @param cpuVariation the traffic check's bound on each pod's CPU coefficient of variation over the window
 */
public record VerificationConfig(
    Path runbook, Duration sustain, Duration interval, Duration timeout, Map<String, String> matchers, int logRepeats,
    Map<String, ThresholdOverride> thresholds, double cpuVariation) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
  public static final int DEFAULT_LOG_REPEATS = 3;
  public static final Map<String, String> DEFAULT_MATCHERS = Map.of("namespace", "${namespace}");
  public static final double DEFAULT_CPU_VARIATION = 0.5;

  public VerificationConfig(Path runbook, Duration sustain, Duration interval, Duration timeout,
      Map<String, String> matchers, int logRepeats, Map<String, ThresholdOverride> thresholds) {
    this(runbook, sustain, interval, timeout, matchers, logRepeats, thresholds, DEFAULT_CPU_VARIATION);
  }

  public VerificationConfig {
    Objects.requireNonNull(runbook, "'runbook' must not be null");
    Objects.requireNonNull(interval, "'interval' must not be null");
    matchers = Collections.unmodifiableMap(new LinkedHashMap<>(matchers));
    thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
  }

  /**
   * How one runbook threshold is evaluated when the runbook alone cannot say.
   *
   * @param query replaces the runbook's query (it must yield the value the threshold speaks of: a ratio for %)
   * @param denominator divides the runbook's query, turning a bare rate into the ratio a % threshold needs
   * @param skip a reason to leave this threshold out, recorded in the evidence; null to evaluate it
   * @param holdFor the {@code for} of the alerting rule {@code drillbook runbook rules} writes; null for none
   */
  public record ThresholdOverride(String query, String denominator, String skip, java.time.Duration holdFor) {
    public ThresholdOverride(String query, String denominator, String skip) {
      this(query, denominator, skip, null);
    }
  }
}
