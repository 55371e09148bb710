package io.drillbook.schedule;

import java.time.Instant;

/** Records a fire that did not happen (appends a MISSED evidence entry in the real wiring). */
public interface MissedFireRecorder {
  /**
   * @param drillName the drill whose fire was missed
   * @param scheduledFireTime when the fire should have happened
   * @param why a human-readable reason, including what the misfire policy does about it
   */
  void missed(String drillName, Instant scheduledFireTime, String why);
}
