package io.drillbook.bench;

import io.drillbook.drill.Abort;
import io.drillbook.drill.DrillListener;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.LocalProcesses;
import io.drillbook.time.Timing;
import io.drillbook.drill.Verdict;
import io.drillbook.kube.KubernetesCluster;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Figure 2, API cost: Kubernetes API requests the sandbox receives for one whole drill (lock, preflight, rollback,
 * wait, health, restore, wait) when the rollout takes a given time, drillbook (watch, Lease lock renewed every
 * 20 s) against a polling drill (same patch, GET every 1 s).
 *
 * <p>Simulated time: every duration in play is divided by {@code scale} (the controller's step, the poll interval,
 * the lease duration), so the requests made in a 600 s recovery are made in 600/scale real seconds. What cannot
 * be scaled is the fabric8 informer's own watch timeout (5-10 min real), so a real 600 s wait may add one or two
 * watch restarts: the real-time rows measure that.
 */
final class ApiCostBench {
  private static final int SIM_SCALE = 20;

  private ApiCostBench() {}

  record Cost(int nominalSeconds, int scale, double recoverySeconds, long drillbook, long unlocked, long polling,
      String error) {}

  static void run(boolean quick, PrintStream out) throws Exception {
    List<int[]> points = new ArrayList<>();
    for (int r : new int[] {10, 60, 600}) {
      points.add(new int[] {r, SIM_SCALE});
    }
    for (int r : quick ? new int[] {10} : new int[] {10, 60, 600}) {
      points.add(new int[] {r, 1});
    }
    // One short drill of each kind first: class loading and JIT of a cold JVM would otherwise stretch the first
    // simulated rollouts by seconds.
    measure(1, SIM_SCALE);
    ExecutorService pool = Executors.newCachedThreadPool();
    List<Future<Cost>> futures = new ArrayList<>();
    for (int[] p : points) {
      futures.add(pool.submit(() -> measure(p[0], p[1])));
    }
    Table t = new Table("2. API cost: Kubernetes API requests per drill (rollback + restore) by recovery time",
        "nominal rollout", "time", "measured recovery", "drillbook (watch + Lease lock)", "drillbook, lock off",
        "peer: 1 s polling", "peer / drillbook");
    for (Future<Cost> f : futures) {
      Cost c = f.get();
      String time = c.scale() == 1 ? "real" : "simulated (1/" + c.scale() + ")";
      if (c.error() != null) {
        t.row(c.nominalSeconds() + " s", time, "failed: " + c.error(), "", "", "", "");
        continue;
      }
      t.row(c.nominalSeconds() + " s", time, Stats.f(c.recoverySeconds(), 1) + " s", c.drillbook(), c.unlocked(),
          c.polling(),
          Stats.ratio(c.polling(), c.drillbook()));
    }
    pool.shutdown();
    t.print(out);
    out.println("(simulated: controller step, poll interval and lease duration all divided by " + SIM_SCALE
        + "; measured recovery is drillbook's, in simulated seconds; the sandbox's own per-step work does not"
        + " scale, so short simulated recoveries come out longer than nominal)");
    out.println("(the Lease lock is renewed every 20 s with a GET and an update: that is what grows with time in"
        + " drillbook's column; the watch itself is flat, see 'lock off')");
    if (quick) {
      out.println("(--quick: real time only at 10 s; the full run also measures 60 s and 600 s in real time)");
    }
  }

  static Cost measure(int seconds, int scale) {
    NanoClock clock = NanoClock.system();
    Timing timing = new Timing(clock, clock::nanos);
    // One replica: a rollout is one controller step, so the sandbox's own per-step work distorts the least. Neither
    // approach reads pods, so the replica count does not change what they request.
    Duration step = Duration.ofNanos(seconds * 1_000_000_000L / scale);
    Duration timeout = Duration.ofSeconds(Math.max(120, seconds * 3L / scale));
    try (SandboxFleet ours = SandboxFleet.start(1, step, 1, clock, timeout);
        SandboxFleet peer = SandboxFleet.start(1, step, 1, clock, timeout);
        SandboxFleet bare = SandboxFleet.start(1, step, 1, clock, timeout);
        KubernetesCluster bareCluster = bare.connect(timing);
        KubernetesCluster cluster = ours.connect(timing);
        KubernetesCluster peerCluster = peer.connect(timing)) {
      ExecutorService two = Executors.newFixedThreadPool(3);
      Future<Long> unlocked = two.submit(() -> {
        long before = bare.sandbox.apiRequestCount();
        SandboxFleet.service(bareCluster, io.drillbook.drill.TargetLock.NONE, timing)
            .execute(bare.drill(0), new Abort(), DrillListener.silent());
        return bare.sandbox.apiRequestCount() - before;
      });
      Future<Long> polled = two.submit(() -> {
        long before = peer.sandbox.apiRequestCount();
        new PollingDrill(peerCluster, peer.sandbox.client(), clock, Duration.ofMillis(1000 / scale))
            .run(peer.drill(0), timeout);
        return peer.sandbox.apiRequestCount() - before;
      });
      long before = ours.sandbox.apiRequestCount();
      var locks = cluster.locks("bench/pid-" + ProcessHandle.current().pid(), Duration.ofSeconds(60).dividedBy(scale),
          timing, LocalProcesses.of("bench"));
      DrillRecord record = SandboxFleet.service(cluster, locks, timing)
          .execute(ours.drill(0), new Abort(), DrillListener.silent()).record();
      long requests = ours.sandbox.apiRequestCount() - before;
      long pollRequests = polled.get();
      long unlockedRequests = unlocked.get();
      two.shutdown();
      if (record.verdict() != Verdict.PASS) {
        return new Cost(seconds, scale, Double.NaN, requests, unlockedRequests, pollRequests, "drill " + record.verdict() + ": "
            + record.reason());
      }
      return new Cost(seconds, scale, record.recovery().toMillis() / 1000.0 * scale, requests, unlockedRequests,
          pollRequests, null);
    } catch (Exception e) {
      return new Cost(seconds, scale, Double.NaN, 0, 0, 0, e.toString());
    }
  }
}
