package io.drillbook.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A DrillRunner that records each call and the highest number of calls in flight at once. */
final class RecordingRunner implements DrillRunner {
  record Call(String drill, Instant scheduledFireTime, boolean recovering, String thread) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final Duration runTime;
  private final String verdict;

  RecordingRunner(Duration runTime, String verdict) {
    this.runTime = runTime;
    this.verdict = verdict;
  }

  static RecordingRunner instant() {
    return new RecordingRunner(Duration.ZERO, "PASS");
  }

  @Override
  public String run(String drillName, Instant scheduledFireTime, boolean recovering) throws Exception {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      calls.add(new Call(drillName, scheduledFireTime, recovering, Thread.currentThread().getName()));
      if (!runTime.isZero()) {
        Thread.sleep(runTime.toMillis());
      }
      return verdict;
    } finally {
      inFlight.decrementAndGet();
    }
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  List<Call> callsFor(String drill) {
    return calls.stream().filter(c -> c.drill().equals(drill)).toList();
  }
}
