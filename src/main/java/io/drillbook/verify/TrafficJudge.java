package io.drillbook.verify;

import io.drillbook.runbook.Threshold;
import io.drillbook.signals.PodLimits;
import io.drillbook.signals.PodUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges the runbook's "{@code kubectl top pod} shows steady utilization" over a window of samples: every pod of the
 * Deployment reported at least twice, none went past the runbook's own resource thresholds (its memory and CPU
 * alerts, stated as a share of the limit), and each pod's CPU varied by no more than a bound (coefficient of
 * variation: standard deviation over mean).
 */
final class TrafficJudge {
  static final int MIN_SAMPLES = 2;

  /** How the judgement ended. */
  enum Result { STEADY, UNSTEADY, NOT_JUDGED }

  record Judgement(Result result, String detail) {}

  private TrafficJudge() {
  }

  /**
   * @param pods the Deployment's running pods at the window's end, with their limits
   * @param samples each pod's distinct samples taken within the window
   * @param resources the runbook's thresholds on memory or CPU as a share of the limit
   * @param maxCpuVariation the bound on each pod's CPU coefficient of variation
   */
  static Judgement judge(List<PodLimits> pods, Map<String, List<PodUsage>> samples, List<Threshold> resources,
      double maxCpuVariation) {
    if (pods.isEmpty()) {
      return new Judgement(Result.NOT_JUDGED, "the deployment had no running pods to read");
    }
    double worstVariation = 0;
    List<String> notes = new ArrayList<>();
    double[] worstShare = new double[resources.size()];
    int fewest = Integer.MAX_VALUE;
    int most = 0;
    for (PodLimits pod : pods) {
      List<PodUsage> seen = samples.getOrDefault(pod.pod(), List.of());
      if (seen.size() < MIN_SAMPLES) {
        return new Judgement(Result.NOT_JUDGED, "pod " + pod.pod() + " reported " + seen.size() + " sample"
            + (seen.size() == 1 ? "" : "s") + " in the window; " + MIN_SAMPLES + " are needed (the metrics "
            + "pipeline reports a new pod late)");
      }
      fewest = Math.min(fewest, seen.size());
      most = Math.max(most, seen.size());
      for (int i = 0; i < resources.size(); i++) {
        Threshold t = resources.get(i);
        boolean memory = t.metric().contains("memory");
        Double limit = memory ? pod.memoryBytes() : pod.cpuCores();
        if (limit == null || limit <= 0) {
          String note = "pod " + pod.pod() + " has no " + (memory ? "memory" : "CPU") + " limit (" + t.alert()
              + " not judged)";
          if (!notes.contains(note)) {
            notes.add(note);
          }
          continue;
        }
        for (PodUsage u : seen) {
          double share = (memory ? u.memoryBytes() : u.cpuCores()) / limit;
          worstShare[i] = Math.max(worstShare[i], share);
          if (breaches(share, t)) {
            return new Judgement(Result.UNSTEADY, "pod " + pod.pod() + " " + (memory ? "memory" : "CPU") + " at "
                + percent(share) + " of its limit at " + u.timestamp() + ", past the runbook's " + t.alert() + " ("
                + t.stated() + ", line " + t.line() + ")");
          }
        }
      }
      double variation = variation(seen);
      if (variation > maxCpuVariation) {
        double min = seen.stream().mapToDouble(PodUsage::cpuCores).min().orElse(0);
        double max = seen.stream().mapToDouble(PodUsage::cpuCores).max().orElse(0);
        return new Judgement(Result.UNSTEADY, "pod " + pod.pod() + " CPU varied by " + number(variation)
            + " (coefficient of variation, bound " + number(maxCpuVariation) + "): " + millicores(min) + " to "
            + millicores(max) + " over " + seen.size() + " samples");
      }
      worstVariation = Math.max(worstVariation, variation);
    }
    StringBuilder detail = new StringBuilder("steady: " + pods.size() + " pod" + (pods.size() == 1 ? "" : "s")
        + ", " + (fewest == most ? fewest : fewest + " to " + most) + " samples each; CPU variation up to "
        + number(worstVariation) + " (bound " + number(maxCpuVariation) + ")");
    for (int i = 0; i < resources.size(); i++) {
      Threshold t = resources.get(i);
      detail.append("; ").append(t.metric().contains("memory") ? "memory" : "CPU").append(" up to ")
          .append(percent(worstShare[i])).append(" of the limit (").append(t.alert()).append(": ")
          .append(t.stated()).append(")");
    }
    notes.forEach(n -> detail.append("; ").append(n));
    return new Judgement(Result.STEADY, detail.toString());
  }

  /** Whether a share of the limit makes the runbook's alert condition true. */
  private static boolean breaches(double share, Threshold t) {
    double limit = t.baseValue();
    return switch (t.comparator()) {
      case ">" -> share > limit;
      case ">=" -> share >= limit;
      case "<" -> share < limit;
      case "<=" -> share <= limit;
      default -> false;
    };
  }

  static double variation(List<PodUsage> seen) {
    double mean = seen.stream().mapToDouble(PodUsage::cpuCores).average().orElse(0);
    if (mean <= 0) {
      return 0;
    }
    double squares = seen.stream().mapToDouble(u -> (u.cpuCores() - mean) * (u.cpuCores() - mean)).sum();
    return Math.sqrt(squares / seen.size()) / mean;
  }

  /** Whether the runbook threshold speaks of memory or CPU as a share of the limit (or quota). */
  static boolean isResourceShare(Threshold t) {
    String m = t.metric().toLowerCase(Locale.ROOT);
    return t.unit().equals("%") && (m.contains("memory") || m.contains("cpu"))
        && t.qualifier() != null && List.of("limit", "limits", "quota").contains(t.qualifier());
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f %%", share * 100);
  }

  private static String millicores(double cores) {
    return String.format(Locale.ROOT, "%.0fm", cores * 1000);
  }

  private static String number(double v) {
    return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(2)).stripTrailingZeros()
        .toPlainString();
  }
}
