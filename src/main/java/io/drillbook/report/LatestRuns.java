package io.drillbook.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * The most recent {@code limit} items of a list a report names (runs over the objective, FAILs without a
 * follow-up, incomplete entries), with the count of all of them: a long log lists its latest problems, not all.
 */
final class LatestRuns<T> {
  private final int limit;
  private final Function<T, Instant> startedAt;
  private final PriorityQueue<T> kept;
  private int total;

  LatestRuns(int limit, Function<T, Instant> startedAt) {
    this.limit = limit;
    this.startedAt = startedAt;
    this.kept = new PriorityQueue<>(Comparator.comparing(startedAt));
  }

  void add(T item) {
    total++;
    kept.add(item);
    if (kept.size() > limit) {
      kept.poll();
    }
  }

  int total() {
    return total;
  }

  /** The kept items, oldest first. */
  List<T> list() {
    List<T> sorted = new ArrayList<>(kept);
    sorted.sort(Comparator.comparing(startedAt));
    return sorted;
  }
}
