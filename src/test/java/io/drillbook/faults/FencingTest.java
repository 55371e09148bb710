package io.drillbook.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.HealthConfig;
import io.drillbook.config.RollbackMethod;
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
import io.drillbook.drill.KubernetesPath;
import io.drillbook.drill.LocalProcesses;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.ProductionGuard;
import io.drillbook.drill.Recovery;
import io.drillbook.drill.StopQuery;
import io.drillbook.drill.Verdict;
import io.drillbook.drill.Verifier;
import io.drillbook.evidence.MarkdownEvidenceLog;
import io.drillbook.kube.KubernetesCluster;
import io.drillbook.kube.TargetLease;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.time.Timing;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fencing: a drill whose API server is cut off past its Lease's renew deadline stops changing the target, and
 * changes it again only once it holds the Lease again; a recovery that took the Lease over restores instead, and
 * the two never both write. The drill reaches the sandbox through a {@link TcpProxy}; the recovery does not.
 */
class FencingTest {
  private static final String NS = "intelgraph-staging";
  private static final String NAME = "maestro-orchestrator";
  private static final String V2 = "registry.example.com/maestro/orchestrator:1.4.2";
  private static final TargetConfig TARGET = new TargetConfig(null, null, NS, NAME);
  private static final Duration LEASE = Duration.ofSeconds(3);

  @TempDir Path dir;
  private ProxiedSandbox proxied;
  private Sandbox sandbox;
  private TcpProxy proxy;
  private KubernetesCluster cutOff;
  private KubernetesCluster direct;
  private final Timing timing = Timing.system();
  private final CompletableFuture<Void> stalled = new CompletableFuture<>();

  @BeforeEach
  void start() throws Exception {
    proxied = ProxiedSandbox.start(Duration.ofSeconds(2), dir);
    sandbox = proxied.sandbox;
    proxy = proxied.proxy;
    cutOff = proxied.cluster;
    direct = new KubernetesCluster(sandbox.client(), System::nanoTime, "sandbox");
  }

  @AfterEach
  void stop() {
    proxied.close();
  }

  private DrillConfig drill() {
    return new DrillConfig("maestro-fencing", "staging", TARGET,
        new DrillConfig.Rollback(RollbackMethod.KUBERNETES, OptionalLong.empty(), true, null),
        new DrillConfig.Judging(Duration.ofMinutes(5), new HealthConfig(URI.create(sandbox.healthUrl(NS, NAME)), 200), new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(60)), null),
        new DrillConfig.Evidence(dir.resolve("drills.md"), "drills.md"), null, DrillConfig.Safety.NONE);
  }

  private DrillService service(KubernetesCluster cluster, String identity) {
    DrillEngine engine = new DrillEngine(cluster, any -> new KubernetesPath(cluster), new HttpHealthProbe(timing),
        Verifier.NONE, timing, new DrillIds(new Random()), ProductionGuard.defaults(), StopQuery.NONE,
        new DrillMarking(cluster.markers(), identity));
    return new DrillService(engine, d -> new MarkdownEvidenceLog(d.evidenceLog()), FollowUpTracker.NONE,
        cluster.locks(identity, LEASE, timing, LocalProcesses.of("test-host")));
  }

  /**
   * Runs the drill through the proxy, which stalls (a partition: connections hang, nothing is refused) as soon as
   * the rollout is being watched.
   */
  private CompletableFuture<DrillRecord> drillCutOffDuringItsRollout() {
    DrillService service = service(cutOff, "drill-host/pid-1");
    DrillListener listener = new DrillListener() {
      @Override
      public void phaseStarted(String phase, String what) {
        if (phase.equals("rollout")) {
          proxy.stall();
          stalled.complete(null);
        }
      }

      @Override
      public void phaseFinished(PhaseResult result) {}
    };
    return CompletableFuture.supplyAsync(() -> service.execute(drill(), new Abort(), listener).record());
  }

  private ObjectMeta deploymentMeta() {
    return sandbox.client().apps().deployments().inNamespace(NS).withName(NAME).get().getMetadata();
  }

  private String image() {
    return sandbox.client().apps().deployments().inNamespace(NS).withName(NAME).get().getSpec().getTemplate()
        .getSpec().getContainers().get(0).getImage();
  }

  @Test
  void aCutOffDrillWhoseLeaseWasTakenOverMakesNoFurtherChangeOnceTheApiIsBack() throws Exception {
    CompletableFuture<DrillRecord> drill = drillCutOffDuringItsRollout();
    await().atMost(Duration.ofSeconds(30)).until(() -> deploymentMeta().getAnnotations() != null
        && deploymentMeta().getAnnotations().containsKey("drillbook.io/drill-in-progress") && stalled.isDone());

    // The recovery judges the drill's Lease lapsed only after it went unrenewed for its whole duration.
    List<Recovery.Found> found = new Recovery(direct.markers(), new TargetLease(sandbox.client(), "recoverer/pid-2",
        LEASE, timing, LocalProcesses.of("test-host")), service(direct, "recoverer/pid-2"), timing)
        .run(List.of(drill()), "drillbook recover");
    assertThat(found).singleElement().satisfies(f -> assertThat(f.outcome()).as(f.message())
        .isEqualTo(Recovery.Outcome.RECOVERED));
    assertThat(image()).isEqualTo(V2);
    ObjectMeta afterRecovery = deploymentMeta();

    proxy.resume();
    DrillRecord record = drill.get(90, TimeUnit.SECONDS);

    assertThat(record.verdict()).as(record.reason()).isEqualTo(Verdict.ABORTED);
    assertThat(record.reason()).contains("the target's lock (Lease) could not be renewed within its renew deadline")
        .contains("not restored by this drill: another process (crash recovery) took the target's lock over");
    assertThat(record.facts()).containsKey("lockLost");
    ObjectMeta now = deploymentMeta();
    assertThat(now.getResourceVersion()).as("the drill wrote nothing after the recovery")
        .isEqualTo(afterRecovery.getResourceVersion());
    assertThat(now.getAnnotations()).doesNotContainKey("drillbook.io/drill-in-progress");
    assertThat(image()).isEqualTo(V2);
  }

  @Test
  void aCutOffDrillThatHoldsItsLeaseAgainRestoresStagingItself() throws Exception {
    CompletableFuture<DrillRecord> drill = drillCutOffDuringItsRollout();
    await().atMost(Duration.ofSeconds(30)).until(stalled::isDone);
    // Past the renew deadline (2 s of a 3 s Lease), yet nobody took the Lease over before the API came back.
    await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> true);
    String versionWhileCut = deploymentMeta().getResourceVersion();
    proxy.resume();

    DrillRecord record = drill.get(90, TimeUnit.SECONDS);

    assertThat(record.verdict()).as(record.reason()).isEqualTo(Verdict.ABORTED);
    assertThat(record.reason()).contains("the target's lock (Lease) could not be renewed within its renew deadline");
    assertThat(record.restored()).as(record.restoreDetail()).isTrue();
    assertThat(record.facts()).doesNotContainKey("lockLost");
    assertThat(deploymentMeta().getResourceVersion()).isNotEqualTo(versionWhileCut);
    assertThat(deploymentMeta().getAnnotations()).doesNotContainKey("drillbook.io/drill-in-progress");
    assertThat(image()).isEqualTo(V2);
  }
}
