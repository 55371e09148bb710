package io.drillbook.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * client-go's event correlator ({@code tools/record/events_cache.go}), which every real controller's recorder runs
 * its events through: after {@value #MAX_EVENTS} events that differ only in their message for the same object, source,
 * type and reason within {@value #INTERVAL_SECONDS} s of each other, further ones become one event
 * {@code (combined from similar events): <message>}; and an event seen before (same everything) is not written again
 * but its {@code count} goes up. Not thread-safe: callers hold their own lock.
 */
final class EventCorrelator {

  static final int MAX_EVENTS = 10;
  static final long INTERVAL_SECONDS = 600;
  static final String COMBINED = "(combined from similar events): ";

  /** What to write: the message, and the earlier event to update (its count now {@code count}) or null for new. */
  record Decision(String message, String existingName, int count, Instant firstTimestamp, String dedupKey) {}

  private record Aggregate(Set<String> messages, Instant last) {}

  private record Seen(String name, int count, Instant firstTimestamp) {}

  private final Map<String, Aggregate> aggregates = new HashMap<>();
  private final Map<String, Seen> seen = new HashMap<>();

  /** @param aggregateKey everything that identifies the event but its message */
  Decision observe(String aggregateKey, String message, Instant now) {
    Aggregate aggregate = aggregates.get(aggregateKey);
    if (aggregate == null || Duration.between(aggregate.last(), now).getSeconds() > INTERVAL_SECONDS) {
      aggregate = new Aggregate(new LinkedHashSet<>(), now);
    }
    aggregate.messages().add(message);
    String written = message;
    String dedupKey = aggregateKey + "\u0000" + message;
    if (aggregate.messages().size() >= MAX_EVENTS) {
      aggregate.messages().remove(aggregate.messages().iterator().next());
      written = COMBINED + message;
      dedupKey = aggregateKey;
    }
    aggregates.put(aggregateKey, new Aggregate(aggregate.messages(), now));
    Seen before = seen.get(dedupKey);
    return before == null ? new Decision(written, null, 1, now, dedupKey)
        : new Decision(written, before.name(), before.count() + 1, before.firstTimestamp(), dedupKey);
  }

  /** Remembers the event written for a decision, so the next like it updates it. */
  void written(Decision decision, String name) {
    seen.put(decision.dedupKey(), new Seen(name, decision.count(), decision.firstTimestamp()));
  }
}
