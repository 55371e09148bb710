package io.drillbook.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * Recovery times counted in buckets of three significant digits of milliseconds, so percentiles cost a bounded
 * amount of memory however many runs a log holds: exact below one second, within 0.1 % above.
 */
final class RecoveryHistogram {
  private final TreeMap<Long, Integer> counts = new TreeMap<>();
  private long total;

  void add(double seconds) {
    counts.merge(bucket(Math.round(seconds * 1000)), 1, Integer::sum);
    total++;
  }

  long total() {
    return total;
  }

  /** Nearest-rank percentile in seconds, or null when nothing was added. */
  Double percentile(int p) {
    if (total == 0) {
      return null;
    }
    long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
    long seen = 0;
    for (Map.Entry<Long, Integer> e : counts.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return e.getKey() / 1000.0;
      }
    }
    return counts.lastKey() / 1000.0;
  }

  static long bucket(long millis) {
    long unit = 1;
    while (millis / unit >= 1000) {
      unit *= 10;
    }
    return Math.round(millis / (double) unit) * unit;
  }
}
