package io.drillbook.alertmanager;

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
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Alertmanager (Debian's package, 0.25) on a free loopback port with clustering off, its own storage and a
 * single receiver that sends nowhere, gone when it stops. Tests make alerts active by posting them as Prometheus
 * does.
 */
public final class AlertmanagerProcess implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
  private static final Duration READY_WITHIN = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path dir;
  private final URI url;
  private final Thread reaper;

  private AlertmanagerProcess(Process process, Path dir, URI url) {
    this.process = process;
    this.dir = dir;
    this.url = url;
    this.reaper = new Thread(process::destroyForcibly, "alertmanager-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  public static AlertmanagerProcess start() throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      fail(BINARY + " is missing: these tests need a real Alertmanager; run .ci/install-alertmanager (as root)");
    }
    IOException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      Path dir = Files.createTempDirectory("drillbook-alertmanager-");
      try {
        return startIn(dir, freePort());
      } catch (IOException e) {
        deleteTree(dir);
        last = e;
      }
    }
    throw last;
  }

  private static AlertmanagerProcess startIn(Path dir, int port) throws IOException, InterruptedException {
    Path config = Files.writeString(dir.resolve("alertmanager.yml"), """
        route:
          receiver: nowhere
          group_wait: 0s
        receivers:
          - name: nowhere
        """);
    Path log = dir.resolve("alertmanager.log");
    Process process = new ProcessBuilder(List.of(BINARY.toString(),
        "--config.file=" + config,
        "--storage.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=",
        "--log.level=warn"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    AlertmanagerProcess am = new AlertmanagerProcess(process, dir, URI.create("http://127.0.0.1:" + port));
    try {
      am.awaitReady(log);
      return am;
    } catch (IOException | RuntimeException | Error e) {
      am.close();
      throw e;
    }
  }

  private void awaitReady(Path log) throws IOException {
    HttpRequest ready = HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(1)).build();
    try {
      await().atMost(READY_WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> {
        if (!process.isAlive()) {
          throw new IOException("Alertmanager exited with " + process.exitValue() + " before it was ready: "
              + tail(log));
        }
        try {
          return HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
          return false;
        }
      });
    } catch (ConditionTimeoutException e) {
      fail("Alertmanager was not ready within " + READY_WITHIN.toSeconds() + " s: " + tail(log));
    }
  }

  public URI url() {
    return url;
  }

  /** Posts one firing alert with these labels, as Prometheus's notifier does, ending in 5 minutes. */
  public void fire(Map<String, String> labels) throws IOException, InterruptedException {
    String labelJson = labels.entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"").collect(Collectors.joining(","));
    Instant now = Instant.now();
    String body = "[{\"labels\":{" + labelJson + "},\"annotations\":{\"summary\":\"test\"},\"startsAt\":\""
        + now.minusSeconds(30) + "\",\"endsAt\":\"" + now.plusSeconds(300) + "\",\"generatorURL\":"
        + "\"http://prometheus:9090/graph\"}]";
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(url.resolve("/api/v2/alerts"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IOException("Alertmanager refused the alert: " + answer.statusCode() + " " + answer.body());
    }
  }

  /** Kills the server at once (SIGKILL). */
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
