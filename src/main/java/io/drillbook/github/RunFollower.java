package io.drillbook.github;

import io.drillbook.drill.Abort;
import io.drillbook.drill.PhaseLog;
import io.drillbook.github.GitHubValues.Run;
import io.drillbook.time.Timing;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Follows a workflow run through {@code queued}, {@code in_progress} and {@code completed}, polling with a growing
 * interval (GitHub offers no watch), and records each stage as a phase.
 */
final class RunFollower {
  private final GitHubClient github;
  private final Timing timing;
  private final Duration firstPoll;
  private final Duration maxPoll;

  RunFollower(GitHubClient github, Timing timing, Duration firstPoll, Duration maxPoll) {
    this.github = github;
    this.timing = timing;
    this.firstPoll = firstPoll;
    this.maxPoll = maxPoll;
  }

  /**
   * How following ended: the last state seen, and whether the wait was cut short.
   *
   * @param waitedTooLong the run sat {@code waiting} (for an environment's required reviewers) longer than allowed
   */
  record Followed(Run run, boolean timedOut, boolean aborted, boolean waitedTooLong) {
    Followed(Run run, boolean timedOut, boolean aborted) {
      this(run, timedOut, aborted, false);
    }

    boolean succeeded() {
      return !timedOut && !aborted && !waitedTooLong && run.completed() && "success".equals(run.conclusion());
    }
  }

  Followed follow(String repo, long runId, Duration timeout, Abort abort, PhaseLog phases)
      throws GitHubException, InterruptedException {
    return follow(repo, runId, timeout, null, abort, phases);
  }

  /**
   * @param waitingLimit how long the run may sit {@code waiting} for a deployment approval before following gives
   *     up on it, or null to wait like any queued run
   */
  Followed follow(String repo, long runId, Duration timeout, Duration waitingLimit, Abort abort, PhaseLog phases)
      throws GitHubException, InterruptedException {
    long deadline = timing.nanos() + timeout.toNanos();
    Duration interval = firstPoll;
    Run run = github.run(repo, runId);
    String stage = null;
    long waitingSince = -1;
    while (true) {
      String now = run.completed() ? "completed" : run.queued() ? "queued" : "in_progress";
      if (!now.equals(stage)) {
        stage = advance(stage, now, run, phases);
      }
      if (run.completed()) {
        return new Followed(run, false, false);
      }
      waitingSince = "waiting".equals(run.status()) ? (waitingSince < 0 ? timing.nanos() : waitingSince) : -1;
      if (waitingLimit != null && waitingSince >= 0 && timing.nanos() - waitingSince >= waitingLimit.toNanos()) {
        phases.fail("run " + runId + " waited for an environment approval longer than " + waitingLimit.toSeconds()
            + " s");
        return new Followed(run, false, false, true);
      }
      long remaining = deadline - timing.nanos();
      if (remaining <= 0) {
        phases.fail("run " + runId + " still " + run.status() + " after " + timeout.toSeconds() + " s");
        return new Followed(run, true, false);
      }
      long untilNext = Math.min(remaining, interval.toNanos());
      if (waitingLimit != null && waitingSince >= 0) {
        untilNext = Math.max(1, Math.min(untilNext, waitingSince + waitingLimit.toNanos() - timing.nanos()));
      }
      if (pause(Duration.ofNanos(untilNext), abort)) {
        phases.fail("aborted: " + abort.reason());
        return new Followed(run, false, true);
      }
      interval = interval.multipliedBy(3).dividedBy(2);
      if (interval.compareTo(maxPoll) > 0) {
        interval = maxPoll;
      }
      run = github.run(repo, runId);
    }
  }

  /** Closes the stages the run has left and opens the one it is in; returns the new stage. */
  private static String advance(String from, String to, Run run, PhaseLog phases) {
    if (from == null || from.equals("queued")) {
      if (from == null) {
        phases.begin("queued", "waiting for a runner");
      }
      if (to.equals("queued")) {
        return to;
      }
      phases.succeed("left the queue: " + run.status());
      phases.begin("in_progress", "run " + run.id() + " attempt " + run.attempt() + " on " + shortSha(run.headSha()));
    }
    if (to.equals("completed")) {
      phases.succeed("finished");
      phases.begin("completed", "conclusion");
      String detail = "conclusion " + run.conclusion() + " (run " + run.id() + ", attempt " + run.attempt() + ", "
          + run.htmlUrl() + ")";
      if ("success".equals(run.conclusion())) {
        phases.succeed(detail);
      } else {
        phases.fail(detail);
      }
    }
    return to;
  }

  private static String shortSha(String sha) {
    return sha == null ? "unknown commit" : sha.length() > 12 ? sha.substring(0, 12) : sha;
  }

  /** Waits, returning true at once if the drill is aborted meanwhile. */
  private static boolean pause(Duration d, Abort abort) throws InterruptedException {
    CountDownLatch fired = new CountDownLatch(1);
    abort.onFire(fired::countDown);
    return fired.await(d.toNanos(), TimeUnit.NANOSECONDS);
  }
}
