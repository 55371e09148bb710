package io.drillbook.kube;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.ClusterException;
import io.drillbook.drill.HolderIdentity;
import io.drillbook.drill.LocalProcesses;
import io.drillbook.drill.TargetLock;
import io.drillbook.drill.TargetLock.Holder.Status;
import io.drillbook.time.Timing;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The per-target lock as a {@code coordination.k8s.io/v1} Lease named {@code drillbook-<deployment>} in the target
 * namespace, kept the way client-go's leader election keeps one: taken with a holder identity, renewed every sixth
 * of its duration, released at the end, and judged lapsed only once it has gone unchanged for its whole duration as
 * observed on this host's monotonic clock, never by reading the holder's {@code renewTime} against this host's wall
 * clock (the two clocks may disagree). A holder whose renewals fail for two thirds of the duration is fenced: it
 * stops changing the target before anyone else can judge its Lease lapsed.
 */
public final class TargetLease implements TargetLock {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TargetLease.class);
  private final KubernetesClient client;
  private final String identityPrefix;
  private final Duration leaseDuration;
  private final Timing timing;
  private final LocalProcesses processes;

  /**
   * @param identityPrefix who we are, {@code host/pid-N}; the drill id is appended
   * @param leaseDuration how long a holder that stops renewing keeps the lock
   * @param processes this host's processes: a holder on this host whose process is gone has lapsed at once
   */
  public TargetLease(KubernetesClient client, String identityPrefix, Duration leaseDuration, Timing timing,
      LocalProcesses processes) {
    this.client = client;
    this.identityPrefix = identityPrefix;
    this.leaseDuration = leaseDuration;
    this.timing = timing;
    this.processes = processes;
  }

  static String leaseName(TargetConfig target) {
    String name = "drillbook-" + target.deployment();
    return name.length() > 253 ? name.substring(0, 253) : name;
  }

  /** How often a holder renews: client-go renews a 15 s lease every 2 s. */
  static Duration renewPeriod(Duration leaseDuration) {
    return leaseDuration.dividedBy(6);
  }

  /** How long a holder may go without a landed renewal before it stops changing the target (client-go: 10 of 15 s). */
  static Duration renewDeadline(Duration leaseDuration) {
    return leaseDuration.multipliedBy(2).dividedBy(3);
  }

  @Override
  public boolean judgesHolders() {
    return true;
  }

  @Override
  public Attempt tryAcquire(TargetConfig target, String drillId) throws ClusterException, InterruptedException {
    String identity = identityPrefix + "/" + drillId;
    var leases = client.leases().inNamespace(target.namespace());
    String name = leaseName(target);
    try {
      String heldBy = "another run";
      for (int attempt = 0; attempt < 3; attempt++) {
        Lease current = leases.withName(name).get();
        String found = "never taken (no Lease)";
        if (current != null) {
          Seen seen = judge(target, current);
          if (seen.holder().live()) {
            return new Attempt(null, seen.holder().identity() + " (lease " + target.namespace() + "/" + name
                + ", " + seen.holder().detail() + ")");
          }
          heldBy = seen.holder().identity() == null ? heldBy : seen.holder().identity();
          current = seen.lease();
          found = seen.holder().detail();
        }
        long start = timing.nanos();
        ZonedDateTime now = stamp();
        if (current == null) {
          try {
            leases.resource(new LeaseBuilder().withNewMetadata().withName(name).withNamespace(target.namespace())
                .addToLabels("app.kubernetes.io/managed-by", "drillbook").endMetadata()
                .withNewSpec().withHolderIdentity(identity).withLeaseDurationSeconds(seconds())
                .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0).endSpec().build()).create();
            return new Attempt(new Held(target, identity, start), null, found);
          } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
              continue; // someone created it first; read who
            }
            throw e;
          }
        }
        current.getSpec().setHolderIdentity(identity);
        current.getSpec().setLeaseDurationSeconds(seconds());
        current.getSpec().setAcquireTime(now);
        current.getSpec().setRenewTime(now);
        Integer transitions = current.getSpec().getLeaseTransitions();
        current.getSpec().setLeaseTransitions(transitions == null ? 1 : transitions + 1);
        try {
          leases.resource(current).update(); // carries the watched resourceVersion: a concurrent taker gets 409
          return new Attempt(new Held(target, identity, start), null, found);
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
        }
      }
      return new Attempt(null, heldBy + " (lease " + target.namespace() + "/" + name + ", changed while we took it)");
    } catch (KubernetesClientException e) {
      throw KubeErrors.failure("cannot take the drill lock (lease " + target.namespace() + "/" + name + ") at "
          + client.getMasterUrl() + ": ", e);
    }
  }

  /** Who holds the target's lock, without taking it; may watch the Lease for up to its duration. */
  public Holder holder(TargetConfig target) throws ClusterException, InterruptedException {
    String name = leaseName(target);
    try {
      Lease current = client.leases().inNamespace(target.namespace()).withName(name).get();
      return current == null ? new Holder(Status.FREE, null, "no lease") : judge(target, current).holder();
    } catch (KubernetesClientException e) {
      throw KubeErrors.failure("cannot read the drill lock (lease " + target.namespace() + "/" + name + "): ", e);
    }
  }

  /** The Lease as last read, and what watching it said about its holder. */
  private record Seen(Lease lease, Holder holder) {}

  /**
   * Watches {@code current} until it changes (its holder is live) or has stayed unchanged for its duration (lapsed),
   * as client-go's leader election does with its observed record and observed time.
   */
  private Seen judge(TargetConfig target, Lease current) throws InterruptedException {
    String holder = current.getSpec() == null ? null : current.getSpec().getHolderIdentity();
    if (holder == null || holder.isEmpty()) {
      return new Seen(current, new Holder(Status.FREE, null, "released by its last holder"));
    }
    HolderIdentity who = HolderIdentity.parse(holder);
    if (who.goneFrom(processes)) {
      return new Seen(current, new Holder(Status.LAPSED, holder, "its holder, process " + who.pid().getAsLong()
          + " on this host, is gone"));
    }
    Integer seconds = current.getSpec().getLeaseDurationSeconds();
    Duration duration = seconds == null || seconds < 1 ? leaseDuration : Duration.ofSeconds(seconds);
    Duration poll = pollPeriod(duration);
    if (duration.compareTo(Duration.ofSeconds(5)) > 0) {
      // A wait this long deserves a word on stderr: nothing else would show why the command seems to hang.
      LOG.warn("lease {}/{} is held by {}: watching it for up to {} s to tell whether its holder is alive "
          + "(renewing) or dead (unrenewed that long)", target.namespace(), leaseName(target), holder,
          duration.toSeconds());
    }
    String version = current.getMetadata().getResourceVersion();
    long since = timing.nanos();
    while (true) {
      Duration watched = timing.since(since);
      if (watched.compareTo(duration) >= 0) {
        return new Seen(current, new Holder(Status.LAPSED, holder, "not renewed for " + duration.toSeconds()
            + " s, its lease duration, as observed here"));
      }
      Duration left = duration.minus(watched);
      timing.sleep(left.compareTo(poll) < 0 ? left : poll);
      Lease again = client.leases().inNamespace(target.namespace()).withName(leaseName(target)).get();
      if (again == null) {
        return new Seen(null, new Holder(Status.FREE, null, "deleted while we watched"));
      }
      if (!again.getMetadata().getResourceVersion().equals(version)) {
        // Renewed, released or taken over: a live holder either way. One that just released it has just finished
        // (a drill, or a recovery); the caller looks again later rather than act on a target it changed.
        String now = again.getSpec() == null ? null : again.getSpec().getHolderIdentity();
        return now == null || now.isEmpty()
            ? new Seen(again, new Holder(Status.LIVE, holder, "released by it while we watched"))
            : new Seen(again, new Holder(Status.LIVE, now, "renewed while we watched"));
      }
    }
  }

  private static Duration pollPeriod(Duration duration) {
    Duration twelfth = duration.dividedBy(12);
    return twelfth.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1)
        : twelfth.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : twelfth;
  }

  private ZonedDateTime stamp() {
    return ZonedDateTime.ofInstant(timing.clock().instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  private int seconds() {
    return (int) Math.max(1, leaseDuration.toSeconds());
  }

  /** A lease we hold; see {@link LeaseRenewal}. */
  private final class Held extends LeaseRenewal {
    Held(TargetConfig target, String identity, long acquiredAtNanos) {
      super(client.leases().inNamespace(target.namespace()), leaseName(target), identity, timing,
          renewPeriod(leaseDuration), renewDeadline(leaseDuration), acquiredAtNanos);
    }

    @Override
    ZonedDateTime renewTime() {
      return stamp();
    }
  }
}
