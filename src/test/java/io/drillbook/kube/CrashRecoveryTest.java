package io.drillbook.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.HealthConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.ScheduleConfig;
import io.drillbook.config.TargetConfig;
import io.drillbook.config.Timeouts;
import io.drillbook.drill.Abort;
import io.drillbook.drill.DrillEngine;
import io.drillbook.drill.DrillIds;
import io.drillbook.drill.DrillListener;
import io.drillbook.drill.DrillMarking;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.DrillService;
import io.drillbook.drill.FollowUpTracker;
import io.drillbook.drill.HttpHealthProbe;
import io.drillbook.drill.InProgressMarker;
import io.drillbook.drill.KubernetesPath;
import io.drillbook.drill.LocalProcesses;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.ProductionGuard;
import io.drillbook.drill.Recovery;
import io.drillbook.drill.Recovery.Found;
import io.drillbook.drill.Recovery.Outcome;
import io.drillbook.drill.RollbackPlan;
import io.drillbook.drill.StopQuery;
import io.drillbook.drill.TargetLock;
import io.drillbook.drill.Verdict;
import io.drillbook.drill.Verifier;
import io.drillbook.evidence.ChainVerifier;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.evidence.MarkdownEvidenceLog;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import io.drillbook.schedule.DaemonListener;
import io.drillbook.schedule.DrillDaemon;
import io.drillbook.schedule.SchedulerOptions;
import io.drillbook.schedule.TargetServices;
import io.drillbook.time.Timing;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * The drill-in-progress marker and crash recovery over real HTTP against the sandbox: the marker annotation as the
 * engine writes and removes it, and {@link Recovery} deciding from the Lease (the deadline only without one), run
 * by hand and by the daemon.
 */
class CrashRecoveryTest {
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
    sandbox.close(); // closes the client the cluster shares
  }

  private DrillConfig drill(Path log) {
    return new DrillConfig("maestro-rollback", "staging", TARGET,
        new DrillConfig.Rollback(RollbackMethod.KUBERNETES, OptionalLong.empty(), true, null),
        new DrillConfig.Judging(Duration.ofMinutes(1), new HealthConfig(URI.create(sandbox.healthUrl(NS, NAME)), 200),
            new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(10)), null),
        new DrillConfig.Evidence(log, "maestro.md"), null, DrillConfig.Safety.NONE);
  }

  private DrillEngine engine(DrillMarking marking) {
    return new DrillEngine(cluster, d -> new KubernetesPath(cluster), new HttpHealthProbe(timing), Verifier.NONE,
        timing, new DrillIds(new Random(3)), ProductionGuard.defaults(), StopQuery.NONE, marking);
  }

  private DrillService service(TargetLock locks, Path log) {
    return new DrillService(engine(DrillMarking.NONE), d -> new MarkdownEvidenceLog(log), FollowUpTracker.NONE, locks);
  }

  private Recovery recovery(TargetLock locks, Path log) {
    return new Recovery(cluster.markers(), locks, service(locks, log), timing);
  }

  private TargetLease lease(String prefix) {
    return new TargetLease(sandbox.client(), prefix, Duration.ofSeconds(30), timing, LocalProcesses.of("test-host"));
  }

  private Deployment deployment() {
    return sandbox.client().apps().deployments().inNamespace(NS).withName(NAME).get();
  }

  private String image() {
    return deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  /** The marker annotation's value, or null when the key is gone (a key kept with a null value fails here). */
  private String annotation() {
    Map<String, String> annotations = deployment().getMetadata().getAnnotations();
    if (annotations == null || !annotations.containsKey(InProgressMarker.ANNOTATION)) {
      return null;
    }
    return java.util.Objects.requireNonNull(annotations.get(InProgressMarker.ANNOTATION), "annotation with null value");
  }

  /** A killed drill's 2 s Lease: it names the holder and is never renewed again. */
  private void leaseLeftBy(String holder, java.time.ZonedDateTime renewTime) {
    sandbox.client().leases().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.coordination.v1
        .LeaseBuilder().withNewMetadata().withName("drillbook-" + NAME).withNamespace(NS).endMetadata().withNewSpec()
        .withHolderIdentity(holder).withLeaseDurationSeconds(2).withAcquireTime(renewTime).withRenewTime(renewTime)
        .endSpec().build()).create();
  }

  /** What a drill killed right after its rollback patch leaves behind: staging on V1, the marker on it. */
  private InProgressMarker crashedDrill(Instant deadline, String holder) throws Exception {
    InProgressMarker marker = new InProgressMarker("maestro-rollback-20261129T030000Z-dead", "maestro-rollback",
        "kubernetes", "staging", 2, V2, 1, V1, Instant.parse("2026-11-29T03:00:00Z"), deadline, holder,
        dir.resolve("maestro.md").toString());
    cluster.markers().write(TARGET, marker.toJson());
    cluster.undo(TARGET, 1);
    assertThat(cluster.awaitRollout(TARGET, Duration.ofSeconds(30), new Abort()).image()).isEqualTo(V1);
    return marker;
  }

  @Test
  void drill_marksTheDeploymentWhileRolledBackAndRemovesTheMarkerAfterRestore() throws Exception {
    long generationBefore = deployment().getMetadata().getGeneration();
    List<String> seenDuringRollout = new ArrayList<>();
    DrillListener listener = new DrillListener() {
      @Override
      public void phaseStarted(String phase, String what) {
        if (phase.equals("rollout")) {
          seenDuringRollout.add(annotation());
        }
      }

      @Override
      public void phaseFinished(PhaseResult result) {}
    };
    DrillRecord r = engine(new DrillMarking(cluster.markers(), "runner-a/pid-7"))
        .run(drill(dir.resolve("maestro.md")), new Abort(), listener);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASS);
    // The rollback patch (kubectl's, which replaces all annotations) kept the marker written before it.
    assertThat(seenDuringRollout).singleElement().isNotNull();
    InProgressMarker marker = InProgressMarker.parse(seenDuringRollout.get(0));
    assertThat(marker.drillId()).isEqualTo(r.drillId());
    assertThat(marker.holder()).isEqualTo("runner-a/pid-7/" + r.drillId());
    assertThat(marker.fromRevision()).isEqualTo(2);
    assertThat(marker.fromImage()).isEqualTo(V2);
    assertThat(marker.toImage()).isEqualTo(V1);
    assertThat(marker.deadline()).isEqualTo(marker.startedAt().plus(InProgressMarker.budget(drill(dir))));
    assertThat(annotation()).isNull();
    assertThat(image()).isEqualTo(V2);
    // rollback and restore are two template changes; the marker's own writes add no generation
    assertThat(deployment().getMetadata().getGeneration()).isEqualTo(generationBefore + 2);
  }

  @Test
  void drill_refusesAtPreflightWhenAnUnfinishedDrillsMarkerIsStillThere() throws Exception {
    crashedDrill(Instant.now().plusSeconds(600), "runner-b/pid-9/maestro-rollback-20261129T030000Z-dead");
    DrillRecord r = engine(new DrillMarking(cluster.markers(), "runner-a/pid-7"))
        .run(drill(dir.resolve("maestro.md")), new Abort(), DrillListener.silent());
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.reason()).contains("carries the drill-in-progress marker")
        .contains("maestro-rollback-20261129T030000Z-dead").contains("drillbook recover");
    assertThat(r.phases()).extracting(PhaseResult::name).containsExactly("preflight");
    assertThat(image()).isEqualTo(V1);
    assertThat(InProgressMarker.parse(annotation()).drillId()).isEqualTo("maestro-rollback-20261129T030000Z-dead");
  }

  @Test
  void recover_restoresAtOnceWhenTheHolderHoldsNoLeaseThoughItsDeadlineIsAnHourAway() throws Exception {
    Path log = dir.resolve("maestro.md");
    crashedDrill(Instant.now().plus(Duration.ofHours(1)), "runner-b/pid-9/maestro-rollback-20261129T030000Z-dead");

    List<Found> found = recovery(lease("recoverer/pid-1"), log).run(List.of(drill(log)), "drillbook recover");

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.outcome()).as(f.message()).isEqualTo(Outcome.RECOVERED);
      assertThat(f.message()).contains("is dead (lock: never taken (no Lease))").contains("back on " + V2);
    });
    assertThat(image()).isEqualTo(V2);
    assertThat(annotation()).isNull();
    var entry = EvidenceLogReader.readAll(log).get(0).record();
    assertThat(entry.drillId()).isEqualTo("maestro-rollback-20261129T030000Z-dead");
    assertThat(entry.verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(entry.reason()).startsWith("recovered by drillbook recover: drill maestro-rollback-20261129T030000Z-dead "
        + "held by runner-b/pid-9/maestro-rollback-20261129T030000Z-dead is dead (lock: never taken (no Lease)); back on ");
    assertThat(entry.restored()).isTrue();
    assertThat(entry.fromImage()).isEqualTo(V2);
    assertThat(entry.toImage()).isEqualTo(V1);
    assertThat(ChainVerifier.verify(log).intact()).isTrue();
  }

  @Test
  void recover_withoutALockToJudgeBy_leavesAMarkerAloneWhileItsDeadlineIsAhead() throws Exception {
    Path log = dir.resolve("maestro.md");
    InProgressMarker marker = crashedDrill(Instant.now().plusSeconds(600), "runner-b/pid-9/x");

    List<Found> found = recovery(TargetLock.NONE, log).run(List.of(drill(log)), "drillbook recover");

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.outcome()).isEqualTo(Outcome.IN_PROGRESS);
      assertThat(f.message()).isEqualTo("drill " + marker.drillId() + " in progress, held by runner-b/pid-9/x until "
          + marker.deadline());
    });
    assertThat(image()).isEqualTo(V1);
    assertThat(annotation()).isEqualTo(marker.toJson());
    assertThat(log).doesNotExist();
  }

  @Test
  void recover_leavesAMarkerAloneWhileItsHolderStillRenewsTheLease() throws Exception {
    Path log = dir.resolve("maestro.md");
    TargetLock.Attempt live = lease("runner-b/pid-9").tryAcquire(TARGET, "maestro-rollback-20261129T030000Z-dead");
    try (TargetLock.Held held = live.held()) {
      crashedDrill(Instant.now().minusSeconds(1), "runner-b/pid-9/maestro-rollback-20261129T030000Z-dead");

      List<Found> found = recovery(lease("recoverer/pid-1"), log).run(List.of(drill(log)), "drillbook recover");

      assertThat(found).singleElement().satisfies(f -> {
        assertThat(f.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(f.message()).contains("its holder runner-b/pid-9/maestro-rollback-20261129T030000Z-dead (lease "
            + NS + "/drillbook-" + NAME + ", renewed while we watched) still renews the target's lock");
      });
      assertThat(image()).isEqualTo(V1);
      assertThat(annotation()).isNotNull();
    }
  }

  @Test
  void recover_restoresOnceTheHoldersLeaseHasGoneUnrenewedForItsDurationLongBeforeTheDeadline() throws Exception {
    Path log = dir.resolve("maestro.md");
    String holder = "runner-b/pid-9/maestro-rollback-20261129T030000Z-dead";
    // The holder's clock ran two hours ahead: by wall clocks its Lease would look valid.
    leaseLeftBy(holder, java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusHours(2));
    crashedDrill(Instant.now().plus(Duration.ofHours(1)), holder);

    List<Found> found = recovery(lease("recoverer/pid-1"), log).run(List.of(drill(log)), "drillbook recover");

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.outcome()).as(f.message()).isEqualTo(Outcome.RECOVERED);
      assertThat(f.message()).contains("is dead (lock: not renewed for 2 s, its lease duration, as observed here)");
    });
    assertThat(image()).isEqualTo(V2);
    assertThat(annotation()).isNull();
    assertThat(EvidenceLogReader.readAll(log)).singleElement()
        .satisfies(e -> assertThat(e.record().verdict()).isEqualTo(Verdict.ABORTED));
    assertThat(sandbox.client().leases().inNamespace(NS).withName("drillbook-" + NAME).get().getSpec()
        .getHolderIdentity()).as("released after the recovery").isEmpty();
  }

  @Test
  void daemon_restoresADrillThatDiesWhileItRunsOnceItsLeaseLapses() throws Exception {
    Path log = dir.resolve("maestro.md");
    DrillConfig base = drill(log);
    // Scheduled once a year: the daemon never fires it during the test, it only looks after its target.
    DrillConfig scheduled = new DrillConfig(base.name(), base.environment(), base.target(), base.rollback(),
        base.judging(), base.evidence(), new ScheduleConfig("0 0 4 1 1 ?", java.time.ZoneOffset.UTC, false),
        base.safety());
    TargetLease locks = lease("daemon-host/pid-1");
    TargetServices.Connection connection = new TargetServices.Connection(service(locks, log),
        recovery(locks, log), () -> { });
    List<Found> reported = new CopyOnWriteArrayList<>();
    DrillDaemon.Settings settings = new DrillDaemon.Settings(SchedulerOptions.ram(), Duration.ofMinutes(1),
        Duration.ofSeconds(30), 0, null, Duration.ofSeconds(1));
    try (DrillDaemon daemon = new DrillDaemon(List.of(scheduled), new TargetServices(d -> connection), settings,
        new ReportedRecoveries(reported), timing)) {
      daemon.start();
      assertThat(reported).as("nothing marked at the start").isEmpty();

      // A drill on another host (a CronJob pod) dies right after its rollback, its deadline an hour away.
      String holder = "cronjob-pod-7/pid-1/maestro-rollback-20261204T040000Z-dead";
      leaseLeftBy(holder, java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
      crashedDrill(Instant.now().plus(Duration.ofHours(1)), holder);

      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !reported.isEmpty());
      assertThat(reported).singleElement().satisfies(f -> {
        assertThat(f.outcome()).as(f.message()).isEqualTo(Outcome.RECOVERED);
        assertThat(f.message()).contains("(lock: not renewed for 2 s, its lease duration, as observed here)");
      });
      assertThat(image()).isEqualTo(V2);
      assertThat(EvidenceLogReader.readAll(log)).singleElement().satisfies(e -> {
        assertThat(e.record().verdict()).isEqualTo(Verdict.ABORTED);
        assertThat(e.record().reason()).startsWith("recovered by drillbook schedule: ");
      });
    }
  }

  /** Collects what the daemon's recovery passes report; nothing fires in these tests. */
  private record ReportedRecoveries(List<Found> found) implements DaemonListener {
    @Override
    public void started(String instanceId, boolean jdbc, int drills, int port, Map<String, Instant> nextFires) {}

    @Override
    public void ran(DrillService.DrillRun run, boolean recoveringDeadReplica) {}

    @Override
    public void missed(String drill, Instant fireTime, String why, DrillService.DrillRun recorded) {}

    @Override
    public void recovered(List<Found> found) {
      this.found.addAll(found);
    }

    @Override
    public void problem(String message) {}
  }

  @Test
  void recover_onlyRemovesTheMarkerWhenStagingIsAlreadyOnTheOriginalImage() throws Exception {
    Path log = dir.resolve("maestro.md");
    crashedDrill(Instant.now().minusSeconds(1), "runner-b/pid-9/x");
    cluster.undo(TARGET, 2); // the dead drill's restore had already gone through
    cluster.awaitRollout(TARGET, Duration.ofSeconds(30), new Abort());
    long generation = deployment().getMetadata().getGeneration();

    List<Found> found = recovery(lease("recoverer/pid-1"), log).run(List.of(drill(log)), "drillbook recover");

    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.outcome()).as(f.message()).isEqualTo(Outcome.RECOVERED);
      assertThat(f.message()).contains("already back on " + V2);
    });
    assertThat(annotation()).isNull();
    assertThat(deployment().getMetadata().getGeneration()).isEqualTo(generation);
    assertThat(EvidenceLogReader.readAll(log)).singleElement()
        .satisfies(e -> assertThat(e.record().verdict()).isEqualTo(Verdict.ABORTED));
  }

  @Test
  void recover_reportsNothingWhenNoTargetIsMarked() throws Exception {
    Path log = dir.resolve("maestro.md");
    assertThat(recovery(lease("recoverer/pid-1"), log).run(List.of(drill(log)), "drillbook recover"))
        .isEmpty();
  }

  @Test
  void markerRemoval_leavesAMarkerWrittenBySomeoneElse() throws Exception {
    RollbackPlan plan = new RollbackPlan(2, V2, 1, V1, false, null);
    InProgressMarker ours = InProgressMarker.of(drill(dir), "ours", plan, Instant.now(), "a/pid-1/ours");
    InProgressMarker theirs = InProgressMarker.of(drill(dir), "theirs", plan, Instant.now(), "b/pid-2/theirs");
    cluster.markers().write(TARGET, theirs.toJson());
    assertThat(cluster.markers().remove(TARGET, ours.toJson())).isFalse();
    assertThat(annotation()).isEqualTo(theirs.toJson());
    assertThat(cluster.markers().remove(TARGET, theirs.toJson())).isTrue();
    assertThat(annotation()).isNull();
  }
}
