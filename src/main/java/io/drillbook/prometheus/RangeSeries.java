package io.drillbook.prometheus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One series of a range query: its labels and the evaluation times at which it had a value, in order. */
public record RangeSeries(Map<String, String> labels, List<Instant> times) {
  public RangeSeries {
    labels = Map.copyOf(labels);
    times = List.copyOf(times);
  }
}
