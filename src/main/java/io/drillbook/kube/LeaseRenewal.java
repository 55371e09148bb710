package io.drillbook.kube;

import io.drillbook.drill.TargetLock;
import io.drillbook.time.Timing;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Lease we hold: renewed every renew period (sooner after a failure) until closed. We hold it while the last
 * renewal that landed was sent within the renew deadline; past that we are fenced and say so at once (the drill then
 * stops changing the target), and hold it again only when a renewal lands while the Lease still names us. Once
 * another holder has taken it over we have lost it for good.
 */
abstract class LeaseRenewal implements TargetLock.Held {
  private static final Duration FENCE_CHECK = Duration.ofMillis(100);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

  private final NonNamespaceOperation<Lease, LeaseList, Resource<Lease>> leases;
  private final String name;
  private final String identity;
  private final Timing timing;
  private final Duration renewPeriod;
  private final Duration renewDeadline;
  private volatile long renewedAtNanos;
  private final AtomicBoolean lost = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean fencedReported = new AtomicBoolean();
  private final List<Runnable> onFenced = new CopyOnWriteArrayList<>();
  // Two threads: the fence check must not wait behind a renewal stuck on an unreachable API server.
  private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "drillbook-lease-renewer");
    t.setDaemon(true);
    return t;
  });

  /** @param acquiredAtNanos when the write that took the lease was sent, from {@code timing} */
  LeaseRenewal(NonNamespaceOperation<Lease, LeaseList, Resource<Lease>> leases, String name, String identity,
      Timing timing, Duration renewPeriod, Duration renewDeadline, long acquiredAtNanos) {
    this.leases = leases;
    this.name = name;
    this.identity = identity;
    this.timing = timing;
    this.renewPeriod = renewPeriod;
    this.renewDeadline = renewDeadline;
    this.renewedAtNanos = acquiredAtNanos;
    threads.schedule(this::renew, renewPeriod.toMillis(), TimeUnit.MILLISECONDS);
    threads.scheduleWithFixedDelay(this::checkFence, FENCE_CHECK.toMillis(), FENCE_CHECK.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** The renew time to write: informational only, nobody judges by it. */
  abstract ZonedDateTime renewTime();

  private void renew() {
    if (closed.get()) {
      return;
    }
    long sent = timing.nanos();
    boolean landed = false;
    try {
      Lease lease = leases.withName(name).get();
      if (lease == null || lease.getSpec() == null || !identity.equals(lease.getSpec().getHolderIdentity())) {
        lost.set(true);
        checkFence();
        return;
      }
      lease.getSpec().setRenewTime(renewTime());
      update(lease);
      renewedAtNanos = sent;
      landed = true;
    } catch (RuntimeException e) {
      // Retried soon (only a renewal that lands before the renew deadline keeps us holding); whatever the client
      // throws, the renewer thread must not die.
    }
    if (!closed.get() && !lost.get()) {
      Duration next = landed || RETRY_AFTER_FAILURE.compareTo(renewPeriod) > 0 ? renewPeriod : RETRY_AFTER_FAILURE;
      threads.schedule(this::renew, next.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void checkFence() {
    if (!holds() && !closed.get() && fencedReported.compareAndSet(false, true)) {
      onFenced.forEach(Runnable::run);
    }
  }

  @Override
  public boolean lost() {
    return lost.get();
  }

  @Override
  public boolean holds() {
    return !lost.get() && timing.since(renewedAtNanos).compareTo(renewDeadline) <= 0;
  }

  @Override
  public boolean awaitHeld(Duration timeout) throws InterruptedException {
    long start = timing.nanos();
    while (!holds()) {
      Duration waited = timing.since(start);
      if (lost.get() || waited.compareTo(timeout) >= 0) {
        return false;
      }
      Duration left = timeout.minus(waited);
      timing.sleep(left.compareTo(FENCE_CHECK) < 0 ? left : FENCE_CHECK);
    }
    return true;
  }

  @Override
  public void onFenced(Runnable action) {
    onFenced.add(action);
    if (fencedReported.get()) {
      action.run();
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    threads.shutdownNow();
    try {
      Lease lease = leases.withName(name).get();
      if (lease != null && lease.getSpec() != null && identity.equals(lease.getSpec().getHolderIdentity())) {
        // Released the way client-go's leader election does: no holder, so the next taker needs no wait.
        lease.getSpec().setHolderIdentity("");
        lease.getSpec().setLeaseDurationSeconds(1);
        update(lease);
      }
    } catch (KubernetesClientException e) {
      // The lease then simply lapses after its duration.
    }
  }

  /**
   * A get-then-update carrying the read resourceVersion, as client-go's leader election writes its Lease: a
   * concurrent writer gets 409 instead of being overwritten, and the Role needs {@code update}, not {@code patch}.
   */
  private void update(Lease lease) {
    leases.resource(lease).update();
  }
}
