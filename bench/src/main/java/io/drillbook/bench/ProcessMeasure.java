package io.drillbook.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a JVM as a separate process under {@code /usr/bin/time -v}, with the GC logging heap use before every
 * collection and at exit, and reads back wall time, exit code, peak RSS and peak used heap.
 */
final class ProcessMeasure {
  private static final Pattern GC_BEFORE = Pattern.compile("\\) (\\d+)M->\\d+M\\(\\d+M\\)");
  private static final Pattern EXIT_USED = Pattern.compile("garbage-first heap\\s+total \\d+K, used (\\d+)K");
  private static final Pattern RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

  record Result(int exit, double wallSeconds, double rssMb, double peakHeapMb, boolean outOfMemory, String output) {}

  private ProcessMeasure() {}

  static void requireTime() {
    if (!Files.isExecutable(Path.of("/usr/bin/time"))) {
      throw new IllegalStateException("/usr/bin/time is missing: install the Debian package 'time'");
    }
  }

  /** Runs {@code java jvmArgs... args...}. */
  static Result java(List<String> jvmArgs, List<String> args, Path workDir) throws IOException, InterruptedException {
    Path gc = Files.createTempFile(workDir, "gc", ".log");
    Path timeOut = Files.createTempFile(workDir, "time", ".txt");
    Path out = Files.createTempFile(workDir, "out", ".txt");
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", timeOut.toString(),
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.add("-Xlog:gc,gc+heap+exit:file=" + gc);
    cmd.addAll(jvmArgs);
    cmd.addAll(args);
    long start = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + String.join(" ", cmd));
    }
    double wall = (System.nanoTime() - start) / 1e9;
    String output = Files.readString(out, StandardCharsets.UTF_8);
    String timeText = Files.readString(timeOut, StandardCharsets.UTF_8);
    String gcText = Files.readString(gc, StandardCharsets.UTF_8);
    double peak = 0;
    Matcher m = GC_BEFORE.matcher(gcText);
    while (m.find()) {
      peak = Math.max(peak, Double.parseDouble(m.group(1)));
    }
    m = EXIT_USED.matcher(gcText);
    while (m.find()) {
      peak = Math.max(peak, Double.parseDouble(m.group(1)) / 1024.0);
    }
    Matcher rss = RSS.matcher(timeText);
    double rssMb = rss.find() ? Double.parseDouble(rss.group(1)) / 1024.0 : Double.NaN;
    for (Path f : List.of(gc, timeOut, out)) {
      Files.deleteIfExists(f);
    }
    return new Result(p.exitValue(), wall, rssMb, peak, output.contains("OutOfMemoryError"), output);
  }
}
