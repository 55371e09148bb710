package io.drillbook.schedule;

import io.drillbook.time.Timing;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.TriggerKey;

/**
 * Follows the drill executions on this instance: which drills are running, how many completed, and the verdict each
 * on-demand caller waits for (keyed by its trigger until Quartz fires it, then by the fire).
 */
final class RunTracker implements JobListener {
  private final Timing timing;
  private final Map<TriggerKey, CompletableFuture<String>> pendingByTrigger = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<String>> pendingByFire = new ConcurrentHashMap<>();
  private final Map<String, String> running = new ConcurrentHashMap<>();
  private final Object completedLock = new Object();
  private int completed;

  RunTracker(Timing timing) {
    this.timing = timing;
  }

  /** A verdict to complete when the run fired by {@code trigger} ends. */
  CompletableFuture<String> expect(TriggerKey trigger) {
    CompletableFuture<String> verdict = new CompletableFuture<>();
    pendingByTrigger.put(trigger, verdict);
    return verdict;
  }

  /** Stops following the verdict of {@code trigger}, which will not fire (or whose caller has its verdict). */
  void forget(TriggerKey trigger, CompletableFuture<String> verdict) {
    pendingByTrigger.remove(trigger);
    pendingByFire.values().remove(verdict);
  }

  int completedRuns() {
    synchronized (completedLock) {
      return completed;
    }
  }

  boolean awaitCompletedRuns(int n, Duration timeout) throws InterruptedException {
    long deadline = timing.nanos() + timeout.toNanos();
    synchronized (completedLock) {
      while (completed < n) {
        long left = deadline - timing.nanos();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(completedLock, left);
      }
      return true;
    }
  }

  /** The drills running now, one entry per execution. */
  Collection<String> runningDrills() {
    return running.values();
  }

  /** Fails every verdict still awaited: no run will complete it any more. */
  void failPending(String why) {
    pendingByFire.values().forEach(f -> f.completeExceptionally(new IllegalStateException(why)));
    pendingByTrigger.values().forEach(f -> f.completeExceptionally(new IllegalStateException(why)));
  }

  @Override
  public String getName() {
    return "drillbook-runs";
  }

  @Override
  public void jobToBeExecuted(JobExecutionContext context) {
    running.put(context.getFireInstanceId(), context.getJobDetail().getKey().getName());
    CompletableFuture<String> verdict = pendingByTrigger.remove(context.getTrigger().getKey());
    if (verdict != null) {
      pendingByFire.put(context.getFireInstanceId(), verdict);
    }
  }

  @Override
  public void jobExecutionVetoed(JobExecutionContext context) {
    running.remove(context.getFireInstanceId());
    CompletableFuture<String> verdict = pendingByFire.remove(context.getFireInstanceId());
    if (verdict != null) {
      verdict.completeExceptionally(new IllegalStateException("the run was vetoed"));
    }
  }

  @Override
  public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
    running.remove(context.getFireInstanceId());
    // Counted before the waiting caller hears the verdict, so completedRuns() is never behind it.
    synchronized (completedLock) {
      completed++;
      completedLock.notifyAll();
    }
    CompletableFuture<String> verdict = pendingByFire.remove(context.getFireInstanceId());
    if (verdict != null) {
      if (failure != null) {
        verdict.completeExceptionally(failure.getCause() != null ? failure.getCause() : failure);
      } else {
        verdict.complete(String.valueOf(context.getResult()));
      }
    }
  }
}
