package io.drillbook.schedule;

import java.time.Instant;

/** Runs one drill for the scheduler and returns its verdict name (PASS, FAIL, INCONCLUSIVE, ABORTED, SKIPPED, FROZEN). */
public interface DrillRunner {
  /**
   * @param drillName the drill to run
   * @param scheduledFireTime when the trigger was meant to fire (for a recovered run: the original fire's time)
   * @param recovering true when this run re-executes a fire whose scheduler instance died mid-run
   * @return the verdict name, stored as the Quartz job's result
   */
  String run(String drillName, Instant scheduledFireTime, boolean recovering) throws Exception;
}
