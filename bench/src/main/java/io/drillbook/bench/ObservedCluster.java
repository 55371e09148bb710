package io.drillbook.bench;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.Cluster;
import io.drillbook.drill.ClusterException;
import io.drillbook.drill.PreflightException;
import io.drillbook.drill.RollbackPlan;
import io.drillbook.drill.RolloutOutcome;
import io.drillbook.drill.UndoResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * drillbook's own cluster, with the peer probes attached to the drill's rollback: right after the rollback patch it
 * starts the peers on the same rollout, and it returns the rollout outcome to the engine only once the peers have
 * seen completion too (so the restore cannot hide the completed state from a slow poller). The engine records the
 * instant its watch event arrived, so holding the return back does not change what drillbook records.
 */
final class ObservedCluster implements Cluster {
  private final Cluster delegate;
  private final Function<TargetConfig, List<CompletableFuture<Long>>> peers;
  private List<CompletableFuture<Long>> running = List.of();
  private boolean armed;
  private long detectedAtNanos;

  ObservedCluster(Cluster delegate, Function<TargetConfig, List<CompletableFuture<Long>>> peers) {
    this.delegate = delegate;
    this.peers = peers;
  }

  /** The next undo (the drill's rollback) starts the peers. */
  void arm() {
    armed = true;
    running = List.of();
  }

  List<CompletableFuture<Long>> peerResults() {
    return new ArrayList<>(running);
  }

  long detectedAtNanos() {
    return detectedAtNanos;
  }

  @Override
  public RollbackPlan plan(TargetConfig target, OptionalLong toRevision) throws PreflightException, ClusterException {
    return delegate.plan(target, toRevision);
  }

  @Override
  public UndoResult undo(TargetConfig target, long toRevision) throws ClusterException {
    UndoResult result = delegate.undo(target, toRevision);
    if (armed) {
      armed = false;
      running = peers.apply(target);
    }
    return result;
  }

  @Override
  public RolloutOutcome awaitRollout(TargetConfig target, Duration timeout, Abort abort)
      throws ClusterException, InterruptedException {
    RolloutOutcome outcome = delegate.awaitRollout(target, timeout, abort);
    if (!running.isEmpty() && detectedAtNanos == 0) {
      detectedAtNanos = outcome.detectedAtNanos();
      try {
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // a failed peer is reported by the benchmark from its future
      }
    }
    return outcome;
  }

  @Override
  public io.drillbook.drill.ClusterIdentity identity() {
    return delegate.identity();
  }

  @Override
  public String rolloutProgress(TargetConfig target) throws ClusterException {
    return delegate.rolloutProgress(target);
  }

  void reset() {
    detectedAtNanos = 0;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
