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
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.HttpHealthProbe;
import io.drillbook.drill.KubernetesPath;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.Verdict;
import io.drillbook.drill.Verifier;
import io.drillbook.kube.KubernetesCluster;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.time.Timing;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real drills against the sandbox's Kubernetes API with a {@link TcpProxy} between the fabric8 client and the API
 * server: connections cut, the server unreachable, and back.
 */
class KubernetesFaultsTest {
  private static final String NS = "intelgraph-staging";
  private static final String NAME = "maestro-orchestrator";
  private static final String ORIGINAL = "registry.example.com/maestro/orchestrator:1.4.2";
  private static final String PREVIOUS = "registry.example.com/maestro/orchestrator:1.4.1";

  @TempDir Path dir;
  private ProxiedSandbox proxied;
  private Sandbox sandbox;
  private TcpProxy proxy;
  private KubernetesCluster cluster;
  private final Set<String> started = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws Exception {
    proxied = ProxiedSandbox.start(Duration.ofMillis(400), dir);
    sandbox = proxied.sandbox;
    proxy = proxied.proxy;
    cluster = proxied.cluster;
  }

  @AfterEach
  void stop() {
    proxied.close();
  }

  private DrillConfig drill(Timeouts timeouts) {
    return new DrillConfig("maestro-faults", "staging", new TargetConfig(null, null, NS, NAME),
        new DrillConfig.Rollback(RollbackMethod.KUBERNETES, OptionalLong.empty(), true, null),
        new DrillConfig.Judging(Duration.ofMinutes(5), new HealthConfig(URI.create(sandbox.healthUrl(NS, NAME)), 200), timeouts, null),
        new DrillConfig.Evidence(dir.resolve("drills.md"), "drills.md"), null, DrillConfig.Safety.NONE);
  }

  /** Runs the drill on another thread, noting which phases have started. */
  private CompletableFuture<DrillRecord> drillAsync(DrillConfig drill) {
    DrillEngine engine = new DrillEngine(cluster, any -> new KubernetesPath(cluster),
        new HttpHealthProbe(Timing.system()), Verifier.NONE, Timing.system(), new DrillIds(new Random()));
    DrillListener listener = new DrillListener() {
      @Override
      public void phaseStarted(String phase, String what) {
        started.add(phase);
      }

      @Override
      public void phaseFinished(PhaseResult result) {}
    };
    return CompletableFuture.supplyAsync(() -> engine.run(drill, new Abort(), listener));
  }

  private String runningImage() {
    return sandbox.client().apps().deployments().inNamespace(NS).withName(NAME).get().getSpec().getTemplate()
        .getSpec().getContainers().get(0).getImage();
  }

  private static void pause(Duration d) {
    await().pollDelay(d).atMost(d.plusSeconds(1)).until(() -> true);
  }

  @Test
  void watchCutMidRolloutIsReestablishedAndTheDrillStillPasses() throws Exception {
    CompletableFuture<DrillRecord> drill = drillAsync(drill(new Timeouts(Duration.ofSeconds(60),
        Duration.ofSeconds(30))));
    await().atMost(Duration.ofSeconds(20)).until(() -> started.contains("rollout"));
    pause(Duration.ofMillis(300));
    int connectionsBefore = proxy.acceptedConnections();
    proxy.cutAll();
    pause(Duration.ofMillis(400));
    proxy.cutAll();

    DrillRecord r = drill.get(60, TimeUnit.SECONDS);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASS);
    assertThat(r.toImage()).isEqualTo(PREVIOUS);
    assertThat(r.restored()).isTrue();
    assertThat(proxy.acceptedConnections()).as("the client reconnected").isGreaterThan(connectionsBefore);
    assertThat(runningImage()).isEqualTo(ORIGINAL);
  }

  @Test
  void apiServerRestartMidRolloutIsRiddenOutAndTheDrillStillPasses() throws Exception {
    CompletableFuture<DrillRecord> drill = drillAsync(drill(new Timeouts(Duration.ofSeconds(60),
        Duration.ofSeconds(30))));
    await().atMost(Duration.ofSeconds(20)).until(() -> started.contains("rollout"));
    pause(Duration.ofMillis(300));
    proxy.down();
    pause(Duration.ofSeconds(2));
    proxy.up();

    DrillRecord r = drill.get(60, TimeUnit.SECONDS);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASS);
    assertThat(r.restored()).isTrue();
    assertThat(runningImage()).isEqualTo(ORIGINAL);
  }

  @Test
  void apiServerUnreachablePastTheRolloutTimeoutIsInconclusiveAndRestoresOnceItIsBack() throws Exception {
    CompletableFuture<DrillRecord> drill = drillAsync(drill(new Timeouts(Duration.ofSeconds(3),
        Duration.ofSeconds(30), Duration.ofSeconds(60))));
    await().atMost(Duration.ofSeconds(20)).until(() -> started.contains("rollout"));
    pause(Duration.ofMillis(300));
    proxy.down();
    await().atMost(Duration.ofSeconds(30)).until(() -> started.contains("restore"));
    // The restore now fails and retries; the API comes back while it does.
    pause(Duration.ofSeconds(2));
    assertThat(drill).isNotDone();
    proxy.up();

    DrillRecord r = drill.get(60, TimeUnit.SECONDS);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.reason()).startsWith("cluster error: ").doesNotContain("NOT RESTORED");
    assertThat(r.phases()).extracting(PhaseResult::name).containsSubsequence("rollout", "restore");
    PhaseResult rollout = r.phases().stream().filter(p -> p.name().equals("rollout")).findFirst().orElseThrow();
    assertThat(rollout.ok()).isFalse();
    assertThat(r.restored()).as(r.restoreDetail()).isTrue();
    assertThat(r.restoreDetail()).startsWith("back on " + ORIGINAL).contains("retr");
    assertThat(runningImage()).isEqualTo(ORIGINAL);
    assertThat(List.of(r.checks().stream().map(c -> c.name()).toArray())).contains("restored");
  }
}
