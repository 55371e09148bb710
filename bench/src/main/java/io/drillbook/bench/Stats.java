package io.drillbook.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Nearest-rank percentiles over measured values. */
final class Stats {
  private final List<Double> sorted;

  Stats(List<Double> values) {
    this.sorted = new ArrayList<>(values);
    Collections.sort(sorted);
  }

  int count() {
    return sorted.size();
  }

  double pct(double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  double max() {
    return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1);
  }

  double median() {
    return pct(50);
  }

  static String f(double v, int decimals) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** "12.3x" (peer / drillbook), or n/a when either is missing or zero. */
  static String ratio(double peer, double ours) {
    if (Double.isNaN(peer) || Double.isNaN(ours) || ours == 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.1fx", peer / ours);
  }
}
