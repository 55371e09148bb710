package io.drillbook.prometheus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Prometheus server (Debian's package) on a free loopback port, scraping one target every second, with its
 * own config and storage in a temporary folder that goes when it stops.
 */
public final class PrometheusProcess implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final Duration READY_WITHIN = Duration.ofSeconds(30);

  private final Process process;
  private final Path dir;
  private final URI url;
  private final Thread reaper;

  private PrometheusProcess(Process process, Path dir, URI url) {
    this.process = process;
    this.dir = dir;
    this.url = url;
    // Should the test JVM end without afterAll (a crash, a kill of the fork), the server must not outlive it.
    this.reaper = new Thread(process::destroyForcibly, "prometheus-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** Starts Prometheus scraping {@code 127.0.0.1:targetPort/metrics} and waits until it is ready. */
  public static PrometheusProcess start(int targetPort) throws IOException, InterruptedException {
    return start(targetPort, null);
  }

  /**
   * As {@link #start(int)}, evaluating the alerting and recording rules of {@code rulesYaml} (a Prometheus rule file's
   * text) every second.
   */
  public static PrometheusProcess startWithRules(int targetPort, String rulesYaml)
      throws IOException, InterruptedException {
    return start(targetPort, rulesYaml);
  }

  private static PrometheusProcess start(int targetPort, String rulesYaml) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      fail(BINARY + " is missing: these tests need a real Prometheus; run .ci/install-prometheus (as root) first");
    }
    IOException lastFailure = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      Path dir = Files.createTempDirectory("drillbook-prometheus-");
      try {
        return startIn(dir, freePort(), targetPort, rulesYaml);
      } catch (IOException e) {
        // Most likely another process took the free port between our check and Prometheus binding it.
        deleteTree(dir);
        lastFailure = e;
      }
    }
    throw lastFailure;
  }

  private static PrometheusProcess startIn(Path dir, int port, int targetPort, String rulesYaml)
      throws IOException, InterruptedException {
    Path config = dir.resolve("prometheus.yml");
    String ruleFiles = "";
    if (rulesYaml != null) {
      Path rules = Files.writeString(dir.resolve("rules.yml"), rulesYaml);
      ruleFiles = "rule_files: ['" + rules + "']\n";
    }
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: exporter
            metrics_path: /metrics
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(targetPort) + ruleFiles);
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder(List.of(BINARY.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrometheusProcess prometheus = new PrometheusProcess(process, dir, URI.create("http://127.0.0.1:" + port));
    try {
      prometheus.awaitReady(log);
      return prometheus;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      prometheus.close();
      throw e;
    }
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready = HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(1)).build();
    try {
      await().atMost(READY_WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> {
        if (!process.isAlive()) {
          throw new IOException("Prometheus exited with " + process.exitValue() + " before it was ready: "
              + tail(log));
        }
        try {
          return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
          return false; // Not listening yet.
        }
      });
    } catch (ConditionTimeoutException e) {
      fail("Prometheus was not ready within " + READY_WITHIN.toSeconds() + " s: " + tail(log));
    }
  }

  public URI url() {
    return url;
  }

  /** Kills the server at once (SIGKILL), as a crash or a lost node would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs anyway.
    }
    deleteTree(dir);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A leftover temp folder is harmless.
    }
  }
}
