package io.drillbook.bench;

import io.drillbook.schedule.QuartzCron;
import io.drillbook.config.ConfigLoader;
import io.drillbook.config.DrillConfig;
import io.drillbook.config.DrillbookConfig;
import io.drillbook.drill.Cluster;
import io.drillbook.drill.DrillEngine;
import io.drillbook.drill.DrillIds;
import io.drillbook.drill.DrillService;
import io.drillbook.drill.HttpHealthProbe;
import io.drillbook.drill.KubernetesPath;
import io.drillbook.drill.TargetLock;
import io.drillbook.time.Timing;
import io.drillbook.drill.Verifier;
import io.drillbook.evidence.MarkdownEvidenceLog;
import io.drillbook.kube.KubeClients;
import io.drillbook.kube.KubernetesCluster;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.SeedDeployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A sandbox seeded with {@code size} Deployments ({@code bench/svc-NN}, two revisions each), its kubeconfig, and a
 * drillbook config with one drill per Deployment, loaded through the real {@link ConfigLoader}. Drills are wired as
 * the CLI wires them (fabric8 cluster, kubernetes path, HTTP health probe, markdown evidence log).
 */
final class SandboxFleet implements AutoCloseable {
  static final String NAMESPACE = "bench";

  final Sandbox sandbox;
  final Path dir;
  final Path kubeconfig;
  final Path config;
  final DrillbookConfig drills;

  private SandboxFleet(Sandbox sandbox, Path dir, Path kubeconfig, Path config, DrillbookConfig drills) {
    this.sandbox = sandbox;
    this.dir = dir;
    this.kubeconfig = kubeconfig;
    this.config = config;
    this.drills = drills;
  }

  static String name(int i) {
    return String.format("svc-%02d", i);
  }

  static SandboxFleet start(int size, Duration step, Clock clock, Duration rolloutTimeout) throws Exception {
    return start(size, step, 3, clock, rolloutTimeout);
  }

  static SandboxFleet start(int size, Duration step, int replicas, Clock clock, Duration rolloutTimeout)
      throws Exception {
    List<SeedDeployment> seeds = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String repo = "registry.example.com/bench/" + name(i);
      seeds.add(SeedDeployment.of(NAMESPACE, name(i), "app", List.of(repo + ":1.0.1", repo + ":1.0.2")));
    }
    Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeeds(seeds).withRolloutDelay(step)
        .withReplicas(replicas).withClock(clock));
    try {
      Path dir = Files.createTempDirectory("drillbook-bench-");
      Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("kubeconfig"));
      StringBuilder yaml = new StringBuilder("drills:\n");
      for (int i = 0; i < size; i++) {
        String n = name(i);
        yaml.append("  - name: ").append(n).append('\n')
            .append("    environment: sandbox\n")
            .append("    target: { namespace: ").append(NAMESPACE).append(", deployment: ").append(n)
            .append(", kubeconfig: ").append(kubeconfig).append(" }\n")
            .append("    objective: 2h\n")
            .append("    health: { url: '").append(sandbox.healthUrl(NAMESPACE, n)).append("' }\n")
            .append("    timeouts: { rollout: ").append(rolloutTimeout.toSeconds()).append("s, health: 60s }\n")
            .append("    evidenceLog: ").append(dir.resolve("drills").resolve(n + ".md")).append('\n');
      }
      Path config = Files.writeString(dir.resolve("drillbook.yaml"), yaml);
      return new SandboxFleet(sandbox, dir, kubeconfig, config, new ConfigLoader(QuartzCron.SYNTAX).load(config));
    } catch (Exception e) {
      sandbox.close();
      throw e;
    }
  }

  DrillConfig drill(int i) {
    return drills.drill(name(i)).orElseThrow();
  }

  /** A fresh connection, as a drill process makes one. */
  KubernetesCluster connect(Timing timing) throws Exception {
    var client = KubeClients.connect(kubeconfig, null);
    return new KubernetesCluster(client, timing.nanoTime(), KubeClients.describe(client));
  }

  /** What {@code drillbook drill} runs, around {@code cluster} (possibly a decorator of {@code kube}). */
  static DrillService service(Cluster cluster, TargetLock locks, Timing timing) {
    DrillEngine engine = new DrillEngine(cluster, d -> new KubernetesPath(cluster), new HttpHealthProbe(timing),
        Verifier.NONE, timing, new DrillIds(new SecureRandom()));
    return new DrillService(engine, d -> new MarkdownEvidenceLog(d.evidenceLog()), io.drillbook.drill.FollowUpTracker.NONE,
        locks);
  }

  @Override
  public void close() {
    sandbox.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp dir is harmless
    }
  }
}
