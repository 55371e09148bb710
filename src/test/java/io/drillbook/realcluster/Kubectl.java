package io.drillbook.realcluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl of the control plane's release, run as a process against it (admin unless told otherwise). */
public final class Kubectl {
  private final Path binary;
  private final Path kubeconfig;

  public Kubectl(Path binary, Path kubeconfig) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
  }

  public static Kubectl admin(RealControlPlane plane) {
    return new Kubectl(plane.kubectl(), plane.adminKubeconfig());
  }

  public record Result(int exitCode, String out, String err) {
    public Result ok() {
      if (exitCode != 0) {
        throw new AssertionError("kubectl exited " + exitCode + ": " + err + out);
      }
      return this;
    }
  }

  public Result run(String... args) throws IOException, InterruptedException {
    return runWithInput(null, args);
  }

  /** Runs kubectl with {@code input} on stdin (for {@code apply -f -}). */
  public Result runWithInput(String input, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("kubectl", ".out");
    Path err = Files.createTempFile("kubectl", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      try (var stdin = process.getOutputStream()) {
        if (input != null) {
          stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 3 minutes");
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
