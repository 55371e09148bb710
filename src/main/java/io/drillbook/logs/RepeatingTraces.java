package io.drillbook.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds exception traces that repeat in container logs: the runbook rule "no repeating stack traces".
 *
 * <p>Recognises Java traces (an {@code ...Exception}/{@code ...Error} line followed by {@code at} frames, with
 * {@code Caused by:}, {@code Suppressed:} and {@code ... n more}), Python tracebacks ({@code Traceback (most recent
 * call last):} to the final {@code XxxError: message}) and Go panics ({@code panic: ...} followed by
 * {@code goroutine N [running]:}). An error line without frames is not a trace.
 *
 * <p>Lines may start with a kubectl {@code --prefix} source ({@code [pod/NAME/CONTAINER] }) and an RFC 3339
 * timestamp as the API's {@code timestamps=true} writes it; both are ignored for matching. Traces are parsed per
 * source, so interleaved logs of several pods are read correctly.
 */
public final class RepeatingTraces {

  private RepeatingTraces() {}

  /**
   * The traces in {@code lines} that occur at least {@code threshold} times, most frequent first (ties in order of
   * first appearance).
   *
   * @throws IllegalArgumentException when {@code threshold} is below 1
   */
  public static List<RepeatedTrace> find(List<String> lines, int threshold) {
    checkThreshold(threshold);
    Map<String, List<LogLine>> bySource = new LinkedHashMap<>();
    for (String raw : lines) {
      LogLine line = LogLine.parse(raw, null);
      bySource.computeIfAbsent(line.pod() == null ? "" : line.source(), k -> new ArrayList<>()).add(line);
    }
    return collect(bySource.values(), threshold);
  }

  /**
   * The traces in the logs of several containers that occur at least {@code threshold} times in all, most
   * frequent first. Keys are {@code pod/container} (or a pod name), as {@code PodLogReader} returns them.
   *
   * @throws IllegalArgumentException when {@code threshold} is below 1
   */
  public static List<RepeatedTrace> find(Map<String, List<String>> logsBySource, int threshold) {
    checkThreshold(threshold);
    List<List<LogLine>> sources = new ArrayList<>();
    logsBySource.forEach((source, lines) -> {
      String pod = source.contains("/") ? source.substring(0, source.indexOf('/')) : source;
      sources.add(lines.stream().map(raw -> LogLine.parse(raw, pod)).toList());
    });
    return collect(sources, threshold);
  }

  private static List<RepeatedTrace> collect(Iterable<List<LogLine>> sources, int threshold) {
    Map<String, Tally> tallies = new LinkedHashMap<>();
    int order = 0;
    for (List<LogLine> source : sources) {
      for (Trace trace : TraceParser.parse(source)) {
        Tally tally = tallies.computeIfAbsent(trace.signature(), k -> new Tally());
        tally.add(trace, order++);
      }
    }
    return tallies.entrySet().stream()
        .filter(e -> e.getValue().count >= threshold)
        .sorted(Comparator.comparing((Map.Entry<String, Tally> e) -> -e.getValue().count)
            .thenComparing(e -> e.getValue().firstOrder))
        .map(e -> new RepeatedTrace(e.getKey(), e.getValue().count, e.getValue().first.firstLines(),
            e.getValue().first.timestamp(), e.getValue().pods))
        .toList();
  }

  private static void checkThreshold(int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, was " + threshold);
    }
  }

  private static final class Tally {
    int count;
    int firstOrder;
    Trace first;
    final TreeSet<String> pods = new TreeSet<>();

    void add(Trace trace, int order) {
      if (first == null || earlier(trace.timestamp(), first.timestamp())) {
        first = trace;
      }
      if (count == 0) {
        firstOrder = order;
      }
      count++;
      if (trace.pod() != null) {
        pods.add(trace.pod());
      }
    }

    private static boolean earlier(Instant a, Instant b) {
      return a != null && b != null && a.isBefore(b);
    }
  }
}
