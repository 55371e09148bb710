package io.drillbook.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recovery times counted in buckets of three significant digits of milliseconds, so percentiles cost a bounded
 * amount of memory however many runs a log holds: exact below one second, within 0.1 % above.
 */
final class RecoveryHistogram {
  // Hashed while counting and sorted only for a percentile: most runs land in a bucket that already exists.
  private final Map<Long, Integer> counts = new HashMap<>();
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
    List<Long> buckets = new ArrayList<>(counts.keySet());
    Collections.sort(buckets);
    for (Long bucket : buckets) {
      seen += counts.get(bucket);
      if (seen >= rank) {
        return bucket / 1000.0;
      }
    }
    return buckets.get(buckets.size() - 1) / 1000.0;
  }

  static long bucket(long millis) {
    long unit = 1;
    while (millis / unit >= 1000) {
      unit *= 10;
    }
    return Math.round(millis / (double) unit) * unit;
  }
}
