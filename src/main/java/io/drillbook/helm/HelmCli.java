package io.drillbook.helm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The real Helm CLI (3 or 4), run as a process against one cluster: the tool the runbook names, driven the way an
 * operator types it. Every call passes the kubeconfig, context and namespace explicitly, so nothing depends on the
 * operator's current context.
 */
public final class HelmCli {
  private static final Pattern SECRETS = Pattern.compile(
      "(?i)(bearer\\s+)\\S+|((?:token|password|passwd|secret)[\"']?\\s*[=:]\\s*[\"']?)[^\\s\"',]+|(://)[^/\\s:@]+:[^/\\s@]+@");

  private final String binary;
  private final Path kubeconfig;
  private final String context;

  /**
   * @param binary the helm executable: a path, or a name looked up on the PATH
   * @param kubeconfig the kubeconfig to pass, or null for helm's default ($KUBECONFIG, ~/.kube/config)
   * @param context the kube context to pass, or null for the kubeconfig's current one
   */
  public HelmCli(String binary, Path kubeconfig, String context) {
    this.binary = binary == null || binary.isBlank() ? "helm" : binary;
    this.kubeconfig = kubeconfig;
    this.context = context;
  }

  /** What one helm call printed and how it exited; stderr already has credentials scrubbed. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** Helm's own message for a failure: its {@code Error: ...} line, else the last line it printed. */
    public String error() {
      List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
      return lines.stream().filter(l -> l.startsWith("Error:")).findFirst()
          .orElse(lines.isEmpty() ? "exit code " + exitCode : lines.get(lines.size() - 1));
    }
  }

  /** The CLI's version, {@code v4.3.2}. */
  public String version() throws HelmException, InterruptedException {
    Result r = run(List.of("version", "--template", "{{.Version}}"), null, Duration.ofSeconds(30));
    if (!r.ok() || r.stdout().isBlank()) {
      throw new HelmException(binary + " version: " + r.error(), true);
    }
    return r.stdout().strip();
  }

  public HelmHistory history(String namespace, String release) throws HelmException, InterruptedException {
    Result r = run(List.of("history", release, "-o", "json", "--max", "1000"), namespace, Duration.ofSeconds(60));
    if (!r.ok()) {
      throw failure("helm history " + release + " -n " + namespace, r);
    }
    return HelmHistory.parse(release, r.stdout());
  }

  public HelmManifest manifest(String namespace, String release, int revision)
      throws HelmException, InterruptedException {
    Result r = run(List.of("get", "manifest", release, "--revision", Integer.toString(revision)), namespace,
        Duration.ofSeconds(60));
    if (!r.ok()) {
      throw failure("helm get manifest " + release + " --revision " + revision + " -n " + namespace, r);
    }
    return HelmManifest.parse(release, r.stdout());
  }

  /**
   * {@code helm rollback RELEASE REVISION} without {@code --wait}: helm applies the revision's objects and records a
   * new revision; the caller watches the rollout through the API like every other method. Never killed early on
   * an abort: a rollback cut short leaves the release {@code pending-rollback}.
   */
  public Result rollback(String namespace, String release, int revision, Duration timeout, int historyMax)
      throws HelmException, InterruptedException {
    return run(List.of("rollback", release, Integer.toString(revision), "--timeout", timeout.toSeconds() + "s",
        "--history-max", Integer.toString(historyMax)), namespace, timeout.plusMinutes(1));
  }

  /** A failed call as an exception carrying helm's own message; "not found" answers last. */
  static HelmException failure(String what, Result r) {
    String error = r.error();
    boolean lasting = error.contains("not found") || error.contains("has no ") || error.contains("forbidden")
        || error.contains("Unauthorized");
    return new HelmException(what + ": " + error, lasting);
  }

  /**
   * Runs helm with {@code args} (and this CLI's kubeconfig, context and {@code namespace}), killing it after
   * {@code limit}.
   */
  public Result run(List<String> args, String namespace, Duration limit) throws HelmException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.addAll(args);
    if (namespace != null) {
      command.add("--namespace");
      command.add(namespace);
    }
    if (kubeconfig != null) {
      command.add("--kubeconfig");
      command.add(kubeconfig.toString());
    }
    if (context != null) {
      command.add("--kube-context");
      command.add(context);
    }
    Process process;
    try {
      process = new ProcessBuilder(command).start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new HelmException("cannot run '" + binary + "' (" + e.getMessage().replaceFirst("^Cannot run program "
          + "\"[^\"]*\": ", "") + "): install Helm 3 or 4, or set helm.binary to its path", true);
    }
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    try {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new HelmException(String.join(" ", args) + ": helm did not finish within " + limit.toSeconds()
            + " s and was stopped");
      }
      return new Result(List.copyOf(command), process.exitValue(), out.get(), scrub(err.get()));
    } catch (ExecutionException e) {
      throw new HelmException(String.join(" ", args) + ": cannot read helm's output: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code text} with bearer tokens, passwords and URL credentials replaced by {@code <redacted>}. */
  static String scrub(String text) {
    return SECRETS.matcher(text).replaceAll(m -> m.group(1) != null ? m.group(1) + "<redacted>"
        : m.group(2) != null ? m.group(2) + "<redacted>" : m.group(3) + "<redacted>@");
  }
}
