package io.drillbook.bench;

import io.drillbook.drill.Abort;
import io.drillbook.drill.DrillListener;
import io.drillbook.drill.DrillService;
import io.drillbook.drill.LocalProcesses;
import io.drillbook.time.Timing;
import io.drillbook.kube.KubernetesCluster;
import io.drillbook.schedule.DrillScheduler;
import io.drillbook.schedule.SchedulerOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Figure 5, fleet: 50 drills of 50 sandbox Deployments fired at once through the Quartz scheduler (memory store,
 * Lease locks as the daemon uses them), against one drill through the same scheduler. The peer figure is running
 * them one after another (50 x the single drill).
 */
final class FleetBench {
  private static final int SIZE = 50;

  private FleetBench() {}

  static void run(boolean quick, PrintStream out) throws Exception {
    NanoClock clock = NanoClock.system();
    Timing timing = new Timing(clock, clock::nanos);
    Table t = new Table("5. Fleet: " + SIZE + " drills on " + SIZE + " sandbox deployments through the scheduler"
        + " (rollout step 200 ms x 3 replicas)", "scheduler threads", "single drill s", "50 drills s",
        "peer: 50 x single, sequential s", "50 drills / single", "speed-up vs sequential", "verdicts");
    int[] threadCounts = quick ? new int[] {SchedulerOptions.DEFAULT_THREAD_COUNT}
        : new int[] {SchedulerOptions.DEFAULT_THREAD_COUNT, 16};
    for (int threads : threadCounts) {
      try (SandboxFleet fleet = SandboxFleet.start(SIZE, Duration.ofMillis(200), clock, Duration.ofMinutes(10));
          KubernetesCluster cluster = fleet.connect(timing)) {
        DrillService service = SandboxFleet.service(cluster,
            cluster.locks("bench/pid-" + ProcessHandle.current().pid(), Duration.ofSeconds(60), timing,
                LocalProcesses.of("bench")), timing);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < SIZE; i++) {
          index.put(SandboxFleet.name(i), i);
        }
        DrillScheduler scheduler = DrillScheduler.create(SchedulerOptions.ram().withThreadCount(threads),
            (name, at, recovering) -> service.execute(fleet.drill(index.get(name)), new Abort(),
                DrillListener.silent()).record().verdict().name(),
            (name, at, why) -> { }, timing);
        try {
          scheduler.start();
          // Warm-up through the scheduler, then the single drill.
          scheduler.fireNow(SandboxFleet.name(1)).get(5, TimeUnit.MINUTES);
          long s0 = clock.nanos();
          scheduler.fireNow(SandboxFleet.name(0)).get(5, TimeUnit.MINUTES);
          double single = (clock.nanos() - s0) / 1e9;
          long f0 = clock.nanos();
          List<CompletableFuture<String>> all = new ArrayList<>();
          for (int i = 0; i < SIZE; i++) {
            all.add(scheduler.fireNow(SandboxFleet.name(i)));
          }
          Map<String, Integer> verdicts = new java.util.TreeMap<>();
          for (CompletableFuture<String> f : all) {
            verdicts.merge(f.get(30, TimeUnit.MINUTES), 1, Integer::sum);
          }
          double fleetSeconds = (clock.nanos() - f0) / 1e9;
          t.row(threads, Stats.f(single, 2), Stats.f(fleetSeconds, 2), Stats.f(single * SIZE, 1),
              Stats.f(fleetSeconds / single, 1) + "x", Stats.ratio(single * SIZE, fleetSeconds), verdicts);
        } finally {
          scheduler.close();
        }
      }
    }
    t.print(out);
    out.println("(ideal with N threads: 50 drills / single = 50/N; the sandbox's one simulated controller thread"
        + " serves all 50 deployments, so it is part of what saturates)");
    if (quick) {
      out.println("(--quick: default thread count only; the full run adds 16 threads)");
    }
  }
}
