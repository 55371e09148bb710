package io.drillbook.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.HealthConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.ScheduleConfig;
import io.drillbook.config.TargetConfig;
import io.drillbook.config.Timeouts;
import io.drillbook.drill.Abort;
import io.drillbook.drill.DrillEngine;
import io.drillbook.drill.DrillIds;
import io.drillbook.drill.DrillMarking;
import io.drillbook.drill.DrillService;
import io.drillbook.drill.DrillService.DrillRun;
import io.drillbook.drill.FollowUpTracker;
import io.drillbook.drill.HttpHealthProbe;
import io.drillbook.drill.InProgressMarker;
import io.drillbook.drill.KubernetesPath;
import io.drillbook.drill.LocalProcesses;
import io.drillbook.drill.ProductionGuard;
import io.drillbook.drill.Recovery;
import io.drillbook.drill.StopQuery;
import io.drillbook.drill.Verdict;
import io.drillbook.drill.Verifier;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.evidence.MarkdownEvidenceLog;
import io.drillbook.kube.KubernetesCluster;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import io.drillbook.time.Timing;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon recovers by itself: a drill that dies on a configured target while the daemon runs (a CronJob pod
 * evicted mid-drill) is restored by the daemon's periodic recovery once its Lease lapses, though the dead drill's
 * deadline is an hour away and nobody runs {@code drillbook recover}.
 */
class DaemonRecoveryTest {
  private static final String NS = "intelgraph-staging";
  private static final String NAME = "maestro-orchestrator";
  private static final String V1 = "registry.example.com/maestro/orchestrator:1.4.1";
  private static final String V2 = "registry.example.com/maestro/orchestrator:1.4.2";
  private static final TargetConfig TARGET = new TargetConfig(null, null, NS, NAME);

  @TempDir Path dir;
  private Sandbox sandbox;
  private KubernetesCluster cluster;
  private final Timing timing = Timing.system();

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS).withRolloutDelay(Duration.ofMillis(100)));
    cluster = new KubernetesCluster(sandbox.client(), System::nanoTime, "sandbox");
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private DrillConfig drill() {
    // Scheduled once a year: the daemon never fires it during the test, it only looks after its target.
    return new DrillConfig("maestro-rollback", "staging", TARGET,
        new DrillConfig.Rollback(RollbackMethod.KUBERNETES, OptionalLong.empty(), true, null),
        new DrillConfig.Judging(Duration.ofMinutes(1), new HealthConfig(URI.create(sandbox.healthUrl(NS, NAME)), 200), new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(10)), null),
        new DrillConfig.Evidence(dir.resolve("maestro.md"), "maestro.md"), new ScheduleConfig("0 0 4 1 1 ?", ZoneOffset.UTC, false),
        DrillConfig.Safety.NONE);
  }

  private TargetServices.Connection connect(DrillConfig any) {
    DrillEngine engine = new DrillEngine(cluster, d -> new KubernetesPath(cluster), new HttpHealthProbe(timing),
        Verifier.NONE, timing, new DrillIds(new Random(5)), ProductionGuard.defaults(), StopQuery.NONE,
        new DrillMarking(cluster.markers(), "daemon-host/pid-1"));
    var locks = cluster.locks("daemon-host/pid-1", Duration.ofSeconds(30), timing, LocalProcesses.of("daemon-host"));
    DrillService service = new DrillService(engine, d -> new MarkdownEvidenceLog(d.evidenceLog()),
        FollowUpTracker.NONE, locks);
    return new TargetServices.Connection(service, new Recovery(cluster.markers(), locks, service, timing), () -> { });
  }

  /** A drill on another host killed right after its rollback: marker on, staging on V1, its Lease never renewed. */
  private void drillDiesOnAnotherHost() throws Exception {
    String holder = "cronjob-pod-7/pid-1/maestro-rollback-20261204T040000Z-dead";
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    sandbox.client().leases().inNamespace(NS).resource(new LeaseBuilder().withNewMetadata()
        .withName("drillbook-" + NAME).withNamespace(NS).endMetadata().withNewSpec().withHolderIdentity(holder)
        .withLeaseDurationSeconds(2).withAcquireTime(now).withRenewTime(now).endSpec().build()).create();
    InProgressMarker marker = new InProgressMarker("maestro-rollback-20261204T040000Z-dead", "maestro-rollback",
        "kubernetes", "staging", 2, V2, 1, V1, Instant.now(), Instant.now().plus(Duration.ofHours(1)), holder,
        dir.resolve("maestro.md").toString());
    cluster.markers().write(TARGET, marker.toJson());
    cluster.undo(TARGET, 1);
    assertThat(cluster.awaitRollout(TARGET, Duration.ofSeconds(30), new Abort()).image()).isEqualTo(V1);
  }

  private String image() {
    return sandbox.client().apps().deployments().inNamespace(NS).withName(NAME).get().getSpec().getTemplate()
        .getSpec().getContainers().get(0).getImage();
  }

  @Test
  void aDrillThatDiesWhileTheDaemonRunsIsRestoredByItOnceItsLeaseLapses() throws Exception {
    List<Recovery.Found> reported = new CopyOnWriteArrayList<>();
    DrillDaemon.Settings settings = new DrillDaemon.Settings(SchedulerOptions.ram(), Duration.ofMinutes(1),
        Duration.ofSeconds(30), 0, null, Duration.ofSeconds(1));
    try (DrillDaemon daemon = new DrillDaemon(List.of(drill()), new TargetServices(this::connect), settings,
        new Collecting(reported), timing)) {
      daemon.start();
      assertThat(reported).as("nothing marked at the start").isEmpty();

      drillDiesOnAnotherHost();

      await().atMost(Duration.ofSeconds(60)).until(() -> !reported.isEmpty());
      assertThat(reported).singleElement().satisfies(f -> {
        assertThat(f.outcome()).as(f.message()).isEqualTo(Recovery.Outcome.RECOVERED);
        assertThat(f.message()).contains("(lock: not renewed for 2 s, its lease duration, as observed here)");
      });
      assertThat(image()).isEqualTo(V2);
      assertThat(EvidenceLogReader.readAll(dir.resolve("maestro.md"))).singleElement().satisfies(e -> {
        assertThat(e.record().verdict()).isEqualTo(Verdict.ABORTED);
        assertThat(e.record().reason()).startsWith("recovered by drillbook schedule: ");
      });
    }
  }

  /** Collects what the daemon reports. */
  private record Collecting(List<Recovery.Found> found) implements DaemonListener {
    @Override
    public void started(String instanceId, boolean jdbc, int drills, int port, Map<String, Instant> nextFires) {}

    @Override
    public void ran(DrillRun run, boolean recoveringDeadReplica) {}

    @Override
    public void missed(String drill, Instant fireTime, String why, DrillRun recorded) {}

    @Override
    public void recovered(List<Recovery.Found> found) {
      this.found.addAll(found);
    }

    @Override
    public void problem(String message) {}
  }
}
