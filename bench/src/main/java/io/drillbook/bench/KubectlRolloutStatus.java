package io.drillbook.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The peer approach of shell runbooks: {@code kubectl rollout status}, timed when it prints success. */
final class KubectlRolloutStatus {
  private final String binary;
  private final Path kubeconfig;
  private final NanoClock clock;

  /** kubectl from the PATH. */
  KubectlRolloutStatus(Path kubeconfig, NanoClock clock) {
    this("kubectl", kubeconfig, clock);
  }

  KubectlRolloutStatus(String binary, Path kubeconfig, NanoClock clock) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.clock = clock;
  }

  static boolean available() {
    try {
      Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts kubectl now; completes with the nano instant its "successfully rolled out" line was read. */
  CompletableFuture<Long> start(String namespace, String name) {
    CompletableFuture<Long> seen = new CompletableFuture<>();
    Process p;
    try {
      p = new ProcessBuilder(binary, "--kubeconfig", kubeconfig.toString(), "-n", namespace, "rollout", "status",
          "deployment/" + name, "--timeout=120s").redirectErrorStream(true).start();
    } catch (IOException e) {
      seen.completeExceptionally(e);
      return seen;
    }
    Thread t = new Thread(() -> {
      StringBuilder all = new StringBuilder();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          long at = clock.nanos();
          all.append(line).append('\n');
          if (line.contains("successfully rolled out")) {
            seen.complete(at);
          }
        }
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (IOException e) {
        seen.completeExceptionally(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        p.destroy();
        seen.completeExceptionally(new IllegalStateException("kubectl rollout status ended without success: " + all));
      }
    }, "bench-kubectl");
    t.setDaemon(true);
    t.start();
    return seen;
  }
}
