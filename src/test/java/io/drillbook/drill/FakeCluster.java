package io.drillbook.drill;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.RolloutOutcome.State;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/** A scripted cluster: each awaitRollout answer is queued by the test, and advances the fake monotonic clock. */
final class FakeCluster implements Cluster {
  final AtomicLong nanos;
  final List<String> calls = new ArrayList<>();
  final Deque<Object> rollouts = new ArrayDeque<>();
  RollbackPlan plan = new RollbackPlan(3, "registry.example.com/ledger:2.3.0", 2, "registry.example.com/ledger:2.2.0", false,
      "9f2c1e7b4a6d8e0f1a2b3c4d5e6f708192a3b4c5");
  Exception planError;
  ClusterException undoError;
  /** How many restore undos fail with {@link #restoreError} before one goes through (-1: all of them). */
  int restoreFailures;
  ClusterException restoreError = new ClusterException("cannot read deployment payments-staging/ledger-api at mock: "
      + "API server unreachable (ConnectException: Connection refused)");
  String running = "registry.example.com/ledger:2.3.0";
  Ownership ownership = Ownership.NONE;
  /** A pause or resume of this owner fails. */
  String failingOwner;

  FakeCluster(AtomicLong nanos) {
    this.nanos = nanos;
  }

  /** Queues a rollout that takes {@code seconds} and ends in {@code state}. */
  FakeCluster rollout(State state, double seconds) {
    rollouts.add(new Object[] {state, seconds});
    return this;
  }

  FakeCluster rolloutThrows(Exception e) {
    rollouts.add(e);
    return this;
  }

  @Override
  public RollbackPlan plan(TargetConfig target, OptionalLong toRevision) throws PreflightException, ClusterException {
    calls.add("plan");
    if (planError instanceof PreflightException p) throw p;
    if (planError instanceof ClusterException c) throw c;
    return plan;
  }

  @Override
  public UndoResult undo(TargetConfig target, long toRevision) throws ClusterException {
    calls.add("undo " + toRevision);
    if (undoError != null && toRevision == plan.toRevision()) {
      throw undoError;
    }
    if (toRevision == plan.fromRevision() && restoreFailures != 0) {
      restoreFailures--;
      throw restoreError;
    }
    running = toRevision == plan.toRevision() ? plan.toImage() : plan.fromImage();
    return new UndoResult(false, "rolled back to revision " + toRevision);
  }

  @Override
  public RolloutOutcome awaitRollout(TargetConfig target, Duration timeout, Abort abort)
      throws ClusterException, InterruptedException {
    calls.add("await");
    Object next = rollouts.isEmpty() ? new Object[] {State.COMPLETE, 1.0} : rollouts.poll();
    if (next instanceof ClusterException c) throw c;
    if (next instanceof InterruptedException i) throw i;
    Object[] step = (Object[]) next;
    long at = nanos.addAndGet((long) ((double) step[1] * 1e9));
    State state = (State) step[0];
    if (state == State.ABORTED && !abort.fired()) {
      abort.fire("test abort");
    }
    return new RolloutOutcome(state, state == State.COMPLETE ? "deployment \"ledger-api\" successfully rolled out"
        : state == State.FAILED ? "deployment \"ledger-api\" exceeded its progress deadline" : state.name().toLowerCase(),
        state == State.COMPLETE ? 4 : 3, running, at);
  }

  @Override
  public Ownership ownership(TargetConfig target, io.drillbook.config.GitOpsConfig gitops) {
    return ownership;
  }

  @Override
  public void applyPause(PauseStep step, boolean pause) throws ClusterException {
    calls.add((pause ? "pause " : "resume ") + step.owner());
    if (step.owner().equals(failingOwner)) {
      throw new ClusterException("403 Forbidden: the service account lacks a permission", null, true);
    }
  }

  @Override
  public void close() {}
}
