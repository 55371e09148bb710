package io.drillbook.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code target/drillbook.jar} as a real process, as a user would. */
public final class JarProcess {
  private JarProcess() {}

  public static Path jar() {
    Path jar = Path.of(System.getProperty("drillbook.jar", "target/drillbook.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing; run 'mvn verify' (failsafe runs after package)");
    }
    return jar;
  }

  public static ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /** Runs to completion (bounded) and captures stdout and stderr. */
  public static CliRun run(Path workDir, String... args) throws IOException, InterruptedException {
    return run(java.util.Map.of(), workDir, args);
  }

  /** {@link #run(Path, String...)} with {@code env} added to the environment (e.g. {@code HOSTNAME}). */
  public static CliRun run(java.util.Map<String, String> env, Path workDir, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    ProcessBuilder builder = builder(args);
    builder.environment().putAll(env);
    Process p = builder.directory(workDir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("drillbook " + String.join(" ", args) + " did not finish in 3 minutes");
    }
    return new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Starts a long-running command and returns once it printed a line matching {@code ready} (stdout or stderr). */
  public static Process startUntil(java.util.function.Predicate<String> ready, List<String> seen, String... args)
      throws IOException {
    return startUntil(java.util.Map.of(), ready, seen, args);
  }

  /** {@link #startUntil(java.util.function.Predicate, List, String...)} with {@code env} added. */
  public static Process startUntil(java.util.Map<String, String> env, java.util.function.Predicate<String> ready,
      List<String> seen, String... args) throws IOException {
    ProcessBuilder builder = builder(args).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    String line;
    while ((line = reader.readLine()) != null) {
      seen.add(line);
      if (ready.test(line)) {
        Thread drain = new Thread(() -> reader.lines().forEach(seen::add), "drain-" + p.pid());
        drain.setDaemon(true);
        drain.start();
        return p;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    p.destroyForcibly();
    throw new AssertionError("never printed the awaited line: " + seen);
  }
}
