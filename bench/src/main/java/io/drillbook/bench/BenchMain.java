package io.drillbook.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the whole-figure benchmarks: {@code BenchMain FIGURE [--quick]}, FIGURE one of lag, lag-real, api,
 * audit, footprint, fleet. {@code bench/run} calls it once per figure so one failure does not hide the others.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    if (a.isEmpty()) {
      System.err.println("usage: BenchMain lag|lag-real|api|audit|footprint|fleet [--quick]");
      System.exit(2);
    }
    boolean quick = a.contains("--quick");
    Path jar = Path.of(System.getProperty("drillbook.jar", "target/drillbook.jar")).toAbsolutePath();
    switch (a.get(0)) {
      case "lag" -> LagBench.run(quick ? Integer.getInteger("bench.drills", 25) : 100,
          Duration.ofMillis(Long.getLong("bench.stepMillis", 100)), System.out);
      case "lag-real" -> RealLagBench.run(Path.of(System.getProperty("drillbook.root", ".")).toAbsolutePath(),
          quick ? Integer.getInteger("bench.drills", 25) : 100, System.getProperty("bench.podReadyDelay", "100ms"),
          System.out);




      case "api" -> ApiCostBench.run(quick, System.out);
      case "audit" -> AuditBench.run(jar, quick, System.out);
      case "footprint" -> FootprintBench.run(jar, quick, System.out);
      case "fleet" -> FleetBench.run(quick, System.out);
      default -> {
        System.err.println("unknown figure '" + a.get(0) + "'; expected lag, lag-real, api, audit, footprint or fleet");
        System.exit(2);
      }
    }
    // The sandbox and fabric8 leave non-daemon threads behind; the figure is printed, so end the JVM.
    System.exit(0);
  }
}
