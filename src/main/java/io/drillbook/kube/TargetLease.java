package io.drillbook.kube;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.ClusterException;
import io.drillbook.drill.TargetLock;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The per-target lock as a {@code coordination.k8s.io/v1} Lease named {@code drillbook-<deployment>} in the target
 * namespace: taken with a holder identity, renewed during the drill, released at the end, and taken over from
 * another holder only once its lease has expired.
 */
public final class TargetLease implements TargetLock {
  private final KubernetesClient client;
  private final String identityPrefix;
  private final Duration leaseDuration;
  private final Clock clock;

  /**
   * @param identityPrefix who we are, e.g. {@code host/pid}; the drill id is appended
   * @param leaseDuration how long a holder that stops renewing keeps the lock
   */
  public TargetLease(KubernetesClient client, String identityPrefix, Duration leaseDuration, Clock clock) {
    this.client = client;
    this.identityPrefix = identityPrefix;
    this.leaseDuration = leaseDuration;
    this.clock = clock;
  }

  static String leaseName(TargetConfig target) {
    String name = "drillbook-" + target.deployment();
    return name.length() > 253 ? name.substring(0, 253) : name;
  }

  @Override
  public Attempt tryAcquire(TargetConfig target, String drillId) throws ClusterException {
    String identity = identityPrefix + "/" + drillId;
    var leases = client.leases().inNamespace(target.namespace());
    String name = leaseName(target);
    try {
      for (int attempt = 0; attempt < 3; attempt++) {
        Lease current = leases.withName(name).get();
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        if (current == null) {
          try {
            leases.resource(new LeaseBuilder().withNewMetadata().withName(name).withNamespace(target.namespace())
                .addToLabels("app.kubernetes.io/managed-by", "drillbook").endMetadata()
                .withNewSpec().withHolderIdentity(identity).withLeaseDurationSeconds(seconds())
                .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0).endSpec().build()).create();
            return new Attempt(new Held(target, identity), null);
          } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
              continue; // someone created it first; read who
            }
            throw e;
          }
        }
        String holder = current.getSpec().getHolderIdentity();
        Instant expires = expiry(current);
        if (holder != null && !holder.isEmpty() && expires != null && clock.instant().isBefore(expires)) {
          return new Attempt(null, holder + " (lease " + target.namespace() + "/" + name + " until " + expires + ")");
        }
        current.getSpec().setHolderIdentity(identity);
        current.getSpec().setLeaseDurationSeconds(seconds());
        current.getSpec().setAcquireTime(now);
        current.getSpec().setRenewTime(now);
        Integer transitions = current.getSpec().getLeaseTransitions();
        current.getSpec().setLeaseTransitions(transitions == null ? 1 : transitions + 1);
        try {
          leases.resource(current).update(); // carries resourceVersion: a concurrent taker gets 409
          return new Attempt(new Held(target, identity), null);
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
        }
      }
      Lease now = leases.withName(name).get();
      return new Attempt(null, (now == null ? "another run" : now.getSpec().getHolderIdentity())
          + " (lease " + target.namespace() + "/" + name + ")");
    } catch (KubernetesClientException e) {
      throw KubeErrors.failure("cannot take the drill lock (lease " + target.namespace() + "/" + name + ") at "
          + client.getMasterUrl() + ": ", e);
    }
  }

  @Override
  public java.util.Optional<String> liveHolder(TargetConfig target) throws ClusterException {
    String name = leaseName(target);
    try {
      Lease current = client.leases().inNamespace(target.namespace()).withName(name).get();
      if (current == null || current.getSpec() == null) {
        return java.util.Optional.empty();
      }
      String holder = current.getSpec().getHolderIdentity();
      Instant expires = expiry(current);
      boolean live = holder != null && !holder.isEmpty() && expires != null && clock.instant().isBefore(expires);
      return live ? java.util.Optional.of(holder) : java.util.Optional.empty();
    } catch (KubernetesClientException e) {
      throw KubeErrors.failure("cannot read the drill lock (lease " + target.namespace() + "/" + name + "): ", e);
    }
  }

  private int seconds() {
    return (int) Math.max(1, leaseDuration.toSeconds());
  }

  private static Instant expiry(Lease lease) {
    ZonedDateTime renewed = lease.getSpec().getRenewTime();
    Integer duration = lease.getSpec().getLeaseDurationSeconds();
    return renewed == null || duration == null ? null : renewed.toInstant().plusSeconds(duration);
  }

  /** A lease we hold: renewed every third of its duration until closed. */
  private final class Held implements TargetLock.Held {
    private final TargetConfig target;
    private final String identity;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "drillbook-lease-renewer");
      t.setDaemon(true);
      return t;
    });

    Held(TargetConfig target, String identity) {
      this.target = target;
      this.identity = identity;
      long period = Math.max(1, leaseDuration.toMillis() / 3);
      renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    private void renew() {
      try {
        Lease lease = client.leases().inNamespace(target.namespace()).withName(leaseName(target)).get();
        if (lease == null || !identity.equals(lease.getSpec().getHolderIdentity())) {
          lost.set(true);
          return;
        }
        lease.getSpec().setRenewTime(ZonedDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS),
            ZoneOffset.UTC));
        update(lease);
      } catch (KubernetesClientException e) {
        // A missed renewal is retried next period; the lease only expires after three in a row.
      }
    }

    @Override
    public boolean lost() {
      return lost.get();
    }

    @Override
    public void close() {
      renewer.shutdownNow();
      try {
        Lease lease = client.leases().inNamespace(target.namespace()).withName(leaseName(target)).get();
        if (lease != null && identity.equals(lease.getSpec().getHolderIdentity())) {
          // Released the way client-go's leader election does: no holder, so the next taker needs no wait.
          lease.getSpec().setHolderIdentity("");
          lease.getSpec().setLeaseDurationSeconds(1);
          update(lease);
        }
      } catch (KubernetesClientException e) {
        // The lease then simply expires after its duration.
      }
    }

    /**
     * A get-then-update carrying the read resourceVersion, as client-go's leader election writes its Lease: a
     * concurrent writer gets 409 instead of being overwritten, and the Role needs {@code update}, not {@code patch}.
     */
    private void update(Lease lease) {
      client.leases().inNamespace(target.namespace()).resource(lease).update();
    }
  }
}
