package io.drillbook.time;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** How main code waits. Tests substitute one that advances their fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  /** Really sleeps; a wait with a {@code wake} future ends as soon as the future completes. */
  Sleeper REAL = new Sleeper() {
    @Override
    public void sleep(Duration d) throws InterruptedException {
      Thread.sleep(Math.max(0, d.toMillis()));
    }

    @Override
    public void sleep(Duration d, CompletableFuture<?> wake) throws InterruptedException {
      try {
        wake.get(Math.max(0, d.toNanos()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // Either way the wait is over: time ran out, or whatever wakes us has completed.
      }
    }
  };

  void sleep(Duration d) throws InterruptedException;

  /** Waits {@code d} or until {@code wake} completes, whichever is first. */
  default void sleep(Duration d, CompletableFuture<?> wake) throws InterruptedException {
    if (!wake.isDone()) {
      sleep(d);
    }
  }
}
