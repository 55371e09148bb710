package io.drillbook.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.TargetLock;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The drill lock as a real Lease over HTTP (the sandbox's API server). */
class TargetLeaseTest {
  private static final TargetConfig TARGET = new TargetConfig(null, null, "intelgraph-staging", "maestro-orchestrator");
  private Sandbox sandbox;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS));
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private TargetLease lease(String who, Clock clock) {
    return new TargetLease(sandbox.client(), who, Duration.ofSeconds(30), clock);
  }

  @Test
  void secondTakerIsRefusedWithTheHolderNamedUntilTheFirstReleases() throws Exception {
    TargetLock.Attempt first = lease("runner-a/pid-1", Clock.systemUTC()).tryAcquire(TARGET, "drill-1");
    assertThat(first.acquired()).isTrue();
    TargetLock.Attempt second = lease("runner-b/pid-2", Clock.systemUTC()).tryAcquire(TARGET, "drill-2");
    assertThat(second.acquired()).isFalse();
    assertThat(second.heldBy()).contains("runner-a/pid-1/drill-1")
        .contains("lease intelgraph-staging/drillbook-maestro-orchestrator until");
    Lease stored = sandbox.client().leases().inNamespace("intelgraph-staging")
        .withName("drillbook-maestro-orchestrator").get();
    assertThat(stored.getSpec().getLeaseDurationSeconds()).isEqualTo(30);

    first.held().close();
    TargetLock.Attempt third = lease("runner-b/pid-2", Clock.systemUTC()).tryAcquire(TARGET, "drill-3");
    assertThat(third.acquired()).isTrue();
    third.held().close();
  }

  @Test
  void anExpiredLeaseIsTakenOverAndTheOldHolderLearnsItLostIt() throws Exception {
    TargetLock.Attempt crashed = lease("runner-a/pid-1", Clock.systemUTC()).tryAcquire(TARGET, "drill-1");
    assertThat(crashed.acquired()).isTrue();
    // A holder that stopped renewing (killed): seen from a minute later, its 30 s lease has expired.
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
    TargetLock.Attempt takeover = lease("runner-b/pid-2", later).tryAcquire(TARGET, "drill-2");
    assertThat(takeover.acquired()).isTrue();
    Lease stored = sandbox.client().leases().inNamespace("intelgraph-staging")
        .withName("drillbook-maestro-orchestrator").get();
    assertThat(stored.getSpec().getHolderIdentity()).isEqualTo("runner-b/pid-2/drill-2");
    assertThat(stored.getSpec().getLeaseTransitions()).isEqualTo(1);
    takeover.held().close();
    crashed.held().close(); // releasing a lease someone else holds must not steal it back
  }

  @Test
  void leaseIsStampedInUtcMicroseconds() throws Exception {
    TargetLock.Attempt held = lease("runner", Clock.fixed(java.time.Instant.parse("2026-11-29T03:00:00.123456789Z"),
        ZoneOffset.UTC)).tryAcquire(TARGET, "d");
    Lease stored = sandbox.client().leases().inNamespace("intelgraph-staging")
        .withName("drillbook-maestro-orchestrator").get();
    assertThat(stored.getSpec().getRenewTime().toInstant()).isEqualTo("2026-11-29T03:00:00.123456Z");
    held.held().close();
  }
}
