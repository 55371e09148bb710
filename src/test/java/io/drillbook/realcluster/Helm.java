package io.drillbook.realcluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Helm CLI that {@code testcluster/build} builds beside kubectl ({@code helm}: Helm 4, {@code helm3}: Helm 3),
 * run as admin against the control plane to set releases up and to read Helm's own view afterwards.
 */
public record Helm(Path binary, Path kubeconfig) {
  /** The chart the Helm tests install: one Deployment {@code RELEASE-drill-app}, its image tag a value. */
  public static final Path CHART = Path.of("src/test/resources/helm/charts/drill-app").toAbsolutePath();

  /** {@code name} ({@code helm} or {@code helm3}) as admin of {@code plane}. */
  public static Helm of(RealControlPlane plane, String name) {
    return new Helm(plane.kubectl().resolveSibling(name).toAbsolutePath(), plane.adminKubeconfig());
  }

  public record Result(int exitCode, String out, String err) {
    public Result ok() {
      if (exitCode != 0) {
        throw new AssertionError("helm exited " + exitCode + ": " + err + out);
      }
      return this;
    }
  }

  public Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    process.getOutputStream().close();
    var out = new java.util.concurrent.CompletableFuture<String>();
    Thread reader = new Thread(() -> {
      try {
        out.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        out.completeExceptionally(e);
      }
    });
    reader.start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(4, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("helm " + String.join(" ", args) + " did not finish in 4 minutes");
    }
    return new Result(process.exitValue(), out.join(), err);
  }

  /** Starts helm with {@code args} and returns at once (its output discarded), to be killed mid-operation. */
  public Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Installs (revision 1) the chart with image tag {@code tags[0]}, then upgrades once per further tag. */
  public void release(String namespace, String release, String... tags) throws IOException, InterruptedException {
    for (int i = 0; i < tags.length; i++) {
      boolean broken = tags[i].endsWith("broken");
      List<String> args = new ArrayList<>(List.of(i == 0 ? "install" : "upgrade", release, CHART.toString(),
          "--namespace", namespace, "--set", "image.tag=" + tags[i], "--timeout", "90s"));
      if (i == 0) {
        args.add("--create-namespace");
      }
      if (!broken) {
        args.add("--wait");
      }
      run(args.toArray(String[]::new)).ok();
    }
  }

  /** {@code helm history RELEASE -o json}, parsed. */
  public com.fasterxml.jackson.databind.JsonNode history(String namespace, String release) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(run("history", release, "--namespace", namespace, "-o", "json").ok().out());
  }
}
