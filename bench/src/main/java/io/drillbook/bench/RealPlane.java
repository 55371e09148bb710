package io.drillbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The repository's real control plane ({@code testcluster/start}: kube-apiserver, etcd, the real Deployment and
 * ReplicaSet controllers, a fake kubelet), started for one figure and stopped after it.
 */
final class RealPlane implements AutoCloseable {
  final Path dir;
  final Path kubectl;
  private final Process process;
  private final JsonNode info;

  private RealPlane(Path dir, Path kubectl, Process process, JsonNode info) {
    this.dir = dir;
    this.kubectl = kubectl;
    this.process = process;
    this.info = info;
  }

  static RealPlane start(Path root, Path dir, String podReadyDelay) throws IOException {
    Files.createDirectories(dir);
    Process p = new ProcessBuilder(root.resolve("testcluster/start").toString(), dir.toString(), "--pod-ready-delay",
        podReadyDelay).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("testcluster.log").toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      seen.add(line);
      if (line.equals("ready")) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "bench-testcluster-stdout");
        drain.setDaemon(true);
        drain.start();
        return new RealPlane(dir, root.resolve("target/testcluster/kubectl"), p,
            new ObjectMapper().readTree(dir.resolve("cluster.json").toFile()));
      }
    }
    p.destroyForcibly();
    throw new IOException("testcluster/start ended without 'ready' (see " + dir.resolve("testcluster.log") + "): "
        + seen);
  }

  Path adminKubeconfig() {
    return dir.resolve("admin.kubeconfig");
  }

  Path drillbookKubeconfig() {
    return dir.resolve("drillbook.kubeconfig");
  }

  Path auditLog() {
    return dir.resolve("audit.log");
  }

  String healthUrl(String namespace, String deployment) {
    return info.get("healthUrl").asText() + "/" + namespace + "/" + deployment;
  }

  String version() {
    return info.path("kubernetesVersion").asText();
  }

  /** Runs the matching kubectl as admin; fails on a non-zero exit. */
  void kubectl(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", adminKubeconfig().toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException("kubectl " + String.join(" ", args) + " failed: " + output);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
