package io.drillbook.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure 4, footprint: a one-shot {@code drillbook drill} process (JVM flags as in the Docker image), from process
 * start to the first API request the sandbox receives, and its peak RSS; without and with an AppCDS archive trained
 * on the same drill. Peer: {@code kubectl rollout status}, a Go binary, measured the same way.
 */
final class FootprintBench {
  // What the image's entrypoint passes (Dockerfile); MaxRAMPercentage only matters under a container limit.
  private static final List<String> IMAGE_FLAGS = List.of("-XX:MaxRAMPercentage=75", "-Xlog:disable",
      "-Xlog:all=warning:stderr");

  private FootprintBench() {}

  record Run(double startToFirstRequestMs, double wallSeconds, double rssMb, int exit) {}

  static void run(Path jar, boolean quick, PrintStream out) throws Exception {
    ProcessMeasure.requireTime();
    int runs = quick ? 3 : 10;
    Path work = Files.createTempDirectory("drillbook-bench-footprint-");
    Path archive = work.resolve("drillbook.jsa");
    // Training run: the archive holds the classes one whole drill loaded.
    Run training = drill(jar, List.of("-XX:ArchiveClassesAtExit=" + archive), work);
    if (training.exit() != 0 || !Files.exists(archive)) {
      throw new IllegalStateException("AppCDS training drill failed (exit " + training.exit() + ")");
    }
    List<Run> plain = new ArrayList<>();
    List<Run> cds = new ArrayList<>();
    List<Run> kubectl = new ArrayList<>();
    boolean haveKubectl = KubectlRolloutStatus.available();
    for (int i = 0; i < runs; i++) {
      plain.add(drill(jar, List.of(), work));
      cds.add(drill(jar, List.of("-XX:SharedArchiveFile=" + archive), work));
      if (haveKubectl) {
        kubectl.add(kubectl(work));
      }
    }
    Table t = new Table("4. Footprint: one-shot process, start to first API request and peak RSS (median of "
        + runs + " runs, max in brackets)", "process", "start -> first request ms", "peak RSS MB",
        "whole drill s", "exit", "first request vs drillbook", "RSS vs drillbook");
    Summary p = Summary.of(plain);
    Summary c = Summary.of(cds);
    p.row(t, "drillbook drill (no archive)", p);
    c.row(t, "drillbook drill (AppCDS " + Files.size(archive) / 1_000_000 + " MB archive)", p);
    if (haveKubectl) {
      Summary.of(kubectl).row(t, "peer: kubectl rollout status", p);
    } else {
      t.row("peer: kubectl rollout status", "not installed", "", "", "", "", "");
    }
    t.print(out);
    out.println("targets: start -> first request < 1000 ms: " + (p.first < 1000 ? "MET" : "MISSED") + " without the"
        + " archive, " + (c.first < 1000 ? "MET" : "MISSED") + " with it; peak RSS < 200 MB: "
        + (p.rss < 200 ? "MET" : "MISSED") + " / " + (c.rss < 200 ? "MET" : "MISSED"));
    try (var files = Files.walk(work)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private record Summary(double first, double firstMax, double rss, double rssMax, double wall, String exits) {
    static Summary of(List<Run> runs) {
      Stats f = new Stats(runs.stream().map(Run::startToFirstRequestMs).toList());
      Stats r = new Stats(runs.stream().map(Run::rssMb).toList());
      Stats w = new Stats(runs.stream().map(Run::wallSeconds).toList());
      String exits = runs.stream().map(x -> String.valueOf(x.exit())).distinct().reduce((a, b) -> a + "," + b)
          .orElse("");
      return new Summary(f.median(), f.max(), r.median(), r.max(), w.median(), exits);
    }

    void row(Table t, String name, Summary base) {
      t.row(name, Stats.f(first, 0) + " [" + Stats.f(firstMax, 0) + "]", Stats.f(rss, 0) + " [" + Stats.f(rssMax, 0)
          + "]", Stats.f(wall, 2), exits, Stats.ratio(first, base.first), Stats.ratio(rss, base.rss));
    }
  }

  /** One drill process against a fresh sandbox (a fresh sandbox has seen no request yet). */
  private static Run drill(Path jar, List<String> extraJvm, Path work) throws Exception {
    Clock clock = Clock.systemUTC();
    try (SandboxFleet fleet = SandboxFleet.start(1, Duration.ofMillis(100), clock, Duration.ofMinutes(2))) {
      List<String> jvm = new ArrayList<>(IMAGE_FLAGS);
      jvm.addAll(extraJvm);
      Instant start = clock.instant();
      ProcessMeasure.Result r = ProcessMeasure.java(jvm, List.of("-jar", jar.toString(), "drill", "svc-00",
          "--config", fleet.config.toString()), work);
      return new Run(firstRequestMs(fleet, start), r.wallSeconds(), r.rssMb(), r.exit());
    }
  }

  private static Run kubectl(Path work) throws Exception {
    Clock clock = Clock.systemUTC();
    try (SandboxFleet fleet = SandboxFleet.start(1, Duration.ofMillis(100), clock, Duration.ofMinutes(2))) {
      Path timeOut = Files.createTempFile(work, "time", ".txt");
      Instant start = clock.instant();
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder("/usr/bin/time", "-v", "-o", timeOut.toString(), "kubectl", "--kubeconfig",
          fleet.kubeconfig.toString(), "-n", SandboxFleet.NAMESPACE, "rollout", "status", "deployment/svc-00")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      int exit = p.waitFor();
      double wall = (System.nanoTime() - t0) / 1e9;
      var m = java.util.regex.Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)")
          .matcher(Files.readString(timeOut));
      double rss = m.find() ? Double.parseDouble(m.group(1)) / 1024.0 : Double.NaN;
      return new Run(firstRequestMs(fleet, start), wall, rss, exit);
    }
  }

  private static double firstRequestMs(SandboxFleet fleet, Instant start) {
    return fleet.sandbox.firstApiRequestAt().map(at -> Duration.between(start, at).toNanos() / 1e6)
        .orElse(Double.NaN);
  }
}
