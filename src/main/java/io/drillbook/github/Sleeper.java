package io.drillbook.github;

import java.time.Duration;

/** Waits between GitHub requests; tests substitute one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));
}
