package io.drillbook.drill;

import java.util.concurrent.CompletableFuture;

/**
 * A request to stop a running drill (Ctrl-C, SIGTERM, a stop condition). Waits end promptly when it fires;
 * the restore still runs.
 */
public final class Abort {
  private final CompletableFuture<String> reason = new CompletableFuture<>();

  /** Fires the abort; the first reason wins. */
  public void fire(String why) {
    reason.complete(why);
  }

  public boolean fired() {
    return reason.isDone();
  }

  /** The reason given to {@link #fire}, or null when it has not fired. */
  public String reason() {
    return reason.getNow(null);
  }

  /** Runs {@code action} once when the abort fires (at once if it already has). */
  public void onFire(Runnable action) {
    reason.thenRun(action);
  }
}
