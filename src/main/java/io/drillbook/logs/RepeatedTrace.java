package io.drillbook.logs;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One exception trace that occurred repeatedly.
 *
 * @param signature exception class (or {@code panic}) and message, with numbers, hex and UUIDs normalised, e.g.
 *     {@code java.lang.IllegalStateException: task <n> failed}
 * @param count how many times it occurred
 * @param firstLines the exception line plus up to 4 frames of the earliest occurrence, as they appeared (without
 *     timestamp or source prefix)
 * @param firstTimestamp when the earliest occurrence was logged, or null when the lines carry no timestamps
 * @param pods the pods it occurred in; empty when the lines named none
 */
public record RepeatedTrace(String signature, int count, List<String> firstLines, Instant firstTimestamp,
    Set<String> pods) {

  public RepeatedTrace {
    Objects.requireNonNull(signature, "signature");
    firstLines = List.copyOf(firstLines);
    pods = Set.copyOf(pods);
  }
}
