package io.drillbook.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.LocalProcesses;
import io.drillbook.drill.TargetLock;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import io.drillbook.time.Timing;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drill lock as a real Lease over HTTP (the sandbox's API server), judged as client-go's leader election judges
 * one: by watching it change on our monotonic clock, never by the holder's renewTime against our wall clock.
 */
class TargetLeaseTest {
  private static final TargetConfig TARGET = new TargetConfig(null, null, "intelgraph-staging", "maestro-orchestrator");
  private static final LocalProcesses ELSEWHERE = new LocalProcesses() {
    @Override
    public String host() {
      return "test-host";
    }

    @Override
    public boolean alive(long pid) {
      return true;
    }
  };
  private Sandbox sandbox;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS));
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private TargetLease lease(String who, Duration duration, Clock clock, LocalProcesses processes) {
    return new TargetLease(sandbox.client(), who, duration, new Timing(clock, System::nanoTime), processes);
  }

  private TargetLease lease(String who, Duration duration) {
    return lease(who, duration, Clock.systemUTC(), ELSEWHERE);
  }

  private Lease stored() {
    return sandbox.client().leases().inNamespace("intelgraph-staging").withName("drillbook-maestro-orchestrator").get();
  }

  /** What a killed holder leaves: a Lease naming it, never renewed again, stamped by its own (skewed) clock. */
  private void leftByDeadHolder(String holder, int seconds, Instant renewTime) {
    ZonedDateTime stamp = ZonedDateTime.ofInstant(renewTime, ZoneOffset.UTC);
    sandbox.client().leases().inNamespace("intelgraph-staging").resource(new LeaseBuilder().withNewMetadata()
        .withName("drillbook-maestro-orchestrator").withNamespace("intelgraph-staging").endMetadata().withNewSpec()
        .withHolderIdentity(holder).withLeaseDurationSeconds(seconds).withAcquireTime(stamp).withRenewTime(stamp)
        .withLeaseTransitions(0).endSpec().build()).create();
  }

  @Test
  void aHolderThatRenewsIsRefusedToOthersEvenWhenItsClockIsAnHourBehind() throws Exception {
    Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
    TargetLock.Attempt first = lease("runner-a/pid-1", Duration.ofSeconds(3), behind, ELSEWHERE)
        .tryAcquire(TARGET, "drill-1");
    assertThat(first.acquired()).isTrue();
    assertThat(stored().getSpec().getLeaseDurationSeconds()).isEqualTo(3);

    TargetLock.Attempt second = lease("runner-b/pid-2", Duration.ofSeconds(3)).tryAcquire(TARGET, "drill-2");

    assertThat(second.acquired()).isFalse();
    assertThat(second.heldBy()).isEqualTo("runner-a/pid-1/drill-1 (lease intelgraph-staging/"
        + "drillbook-maestro-orchestrator, renewed while we watched)");
    first.held().close();
    TargetLock.Attempt third = lease("runner-b/pid-2", Duration.ofSeconds(3)).tryAcquire(TARGET, "drill-3");
    assertThat(third.acquired()).isTrue();
    assertThat(third.found()).isEqualTo("released by its last holder");
    third.held().close();
  }

  @Test
  void aLeaseNobodyRenewsIsTakenOverAfterItsDurationWhateverItsRenewTimeSays() throws Exception {
    // The dead holder's clock ran an hour ahead: by wall clocks its lease would look valid for another hour.
    leftByDeadHolder("runner-a/pid-1/drill-1", 2, Instant.now().plus(Duration.ofHours(1)));
    long start = System.nanoTime();

    TargetLock.Attempt takeover = lease("runner-b/pid-2", Duration.ofSeconds(30)).tryAcquire(TARGET, "drill-2");

    assertThat(takeover.acquired()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(takeover.found()).isEqualTo("not renewed for 2 s, its lease duration, as observed here");
    assertThat(stored().getSpec().getHolderIdentity()).isEqualTo("runner-b/pid-2/drill-2");
    assertThat(stored().getSpec().getLeaseTransitions()).isEqualTo(1);
    takeover.held().close();
  }

  @Test
  void aHolderOnThisHostWhoseProcessIsGoneHasLapsedAtOnce() throws Exception {
    leftByDeadHolder("test-host/pid-4242/drill-1", 3600, Instant.now());
    LocalProcesses deadHere = new LocalProcesses() {
      @Override
      public String host() {
        return "test-host";
      }

      @Override
      public boolean alive(long pid) {
        return pid != 4242;
      }
    };

    TargetLock.Holder holder = lease("test-host/pid-7", Duration.ofSeconds(30), Clock.systemUTC(), deadHere)
        .holder(TARGET);

    assertThat(holder.status()).isEqualTo(TargetLock.Holder.Status.LAPSED);
    assertThat(holder.detail()).isEqualTo("its holder, process 4242 on this host, is gone");
    TargetLock.Attempt takeover = lease("test-host/pid-7", Duration.ofSeconds(30), Clock.systemUTC(), deadHere)
        .tryAcquire(TARGET, "drill-2");
    assertThat(takeover.acquired()).isTrue();
    takeover.held().close();
  }

  @Test
  void aHolderOnAnotherHostWithTheSamePidIsStillWatched() throws Exception {
    leftByDeadHolder("other-host/pid-4242/drill-1", 1, Instant.now());
    LocalProcesses noPids = new LocalProcesses() {
      @Override
      public String host() {
        return "test-host";
      }

      @Override
      public boolean alive(long pid) {
        return false;
      }
    };
    TargetLock.Holder holder = lease("test-host/pid-7", Duration.ofSeconds(30), Clock.systemUTC(), noPids)
        .holder(TARGET);
    assertThat(holder.status()).isEqualTo(TargetLock.Holder.Status.LAPSED);
    assertThat(holder.detail()).isEqualTo("not renewed for 1 s, its lease duration, as observed here");
  }

  @Test
  void theTakerLearnsTheOldHolderLostItAndReleasingDoesNotStealItBack() throws Exception {
    TargetLock.Attempt old = lease("runner-a/pid-1", Duration.ofSeconds(3)).tryAcquire(TARGET, "drill-1");
    // Another process takes it over (as a recovery would after the lapse): the old holder's next renewal sees it.
    Lease lease = stored();
    lease.getSpec().setHolderIdentity("runner-b/pid-2/drill-2");
    sandbox.client().leases().inNamespace("intelgraph-staging").resource(lease).update();

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> old.held().lost());
    assertThat(old.held().holds()).isFalse();
    assertThat(old.held().awaitHeld(Duration.ofSeconds(1))).isFalse();
    old.held().close();
    assertThat(stored().getSpec().getHolderIdentity()).isEqualTo("runner-b/pid-2/drill-2");
  }

  @Test
  void leaseIsStampedInUtcMicroseconds() throws Exception {
    TargetLock.Attempt held = lease("runner", Duration.ofSeconds(30),
        Clock.fixed(Instant.parse("2026-11-29T03:00:00.123456789Z"), ZoneOffset.UTC), ELSEWHERE).tryAcquire(TARGET, "d");
    assertThat(stored().getSpec().getRenewTime().toInstant()).isEqualTo("2026-11-29T03:00:00.123456Z");
    held.held().close();
  }
}
