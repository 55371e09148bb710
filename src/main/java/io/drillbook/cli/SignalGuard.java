package io.drillbook.cli;

import io.drillbook.drill.Abort;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGINT/SIGTERM during a drill into an abort, then holds the JVM open (up to a grace period) so the drill
 * can restore staging and append its evidence before the process exits.
 */
final class SignalGuard implements AutoCloseable {
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  SignalGuard(Abort abort, Duration grace) {
    hook = new Thread(() -> {
      abort.fire("signal received; restoring before exit");
      try {
        finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "drillbook-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already exiting because of a signal; the hook is running and now sees the drill finished.
    }
  }
}
