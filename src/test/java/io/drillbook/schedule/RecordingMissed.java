package io.drillbook.schedule;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A MissedFireRecorder that keeps what it was told. */
final class RecordingMissed implements MissedFireRecorder {
  record Missed(String drill, Instant scheduledFireTime, String why) {}

  final List<Missed> missed = new CopyOnWriteArrayList<>();

  @Override
  public void missed(String drillName, Instant scheduledFireTime, String why) {
    missed.add(new Missed(drillName, scheduledFireTime, why));
  }

  List<Missed> missedFor(String drill) {
    return missed.stream().filter(m -> m.drill().equals(drill)).toList();
  }
}
