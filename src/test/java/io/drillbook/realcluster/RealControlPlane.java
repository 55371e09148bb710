package io.drillbook.realcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drillbook.drill.ClusterException;
import io.drillbook.kube.KubeClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The real control plane of {@code testcluster/} (kube-apiserver, etcd, the real Deployment and ReplicaSet
 * controllers, the fake kubelet), started through {@code testcluster/start DIR} as a person would start it. One per
 * test JVM (see {@link RealControlPlaneExtension}); it can be killed with SIGKILL and restarted on the same directory
 * and ports, which is how the fault tests cut the API server away mid-drill.
 */
public final class RealControlPlane implements AutoCloseable {
  /** Broken images never become ready: the real controller then reports {@code ProgressDeadlineExceeded}. */
  public static final String NEVER_READY_IMAGES = ":broken$";
  /** Images whose pods become Ready but whose health URL answers 503: a release that passes readiness, then fails. */
  public static final String UNHEALTHY_IMAGES = ":sick$";
  /** The namespace the shipped Role (k8s/base/role.yaml) is granted in. */
  public static final String ROLE_NAMESPACE = "intelgraph-staging";

  private static final long START_TIMEOUT_MINUTES = 20; // a cold Go build of the control plane is part of a start

  private final Path repo;
  private final Path dir;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private Process process;
  private JsonNode info;

  private RealControlPlane(Path repo, Path dir) {
    this.repo = repo;
    this.dir = dir;
  }

  /**
   * Builds what is missing and starts a control plane with its state in {@code dir}. A first start picks free ports
   * and binds them a moment later, so another process (or an outgoing connection's local port) can take one in
   * between ("address already in use"): then the ports are picked again, up to three times.
   */
  public static RealControlPlane start(Path dir) {
    RealControlPlane plane = new RealControlPlane(repositoryRoot(), dir);
    for (int attempt = 1; ; attempt++) {
      try {
        plane.startProcess();
        return plane;
      } catch (IllegalStateException e) {
        if (attempt == 3 || !String.valueOf(e.getMessage()).contains("address already in use")) {
          throw e;
        }
        try {
          Files.deleteIfExists(dir.resolve("ports.json"));
        } catch (IOException io) {
          throw new UncheckedIOException(io);
        }
      }
    }
  }

  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("testcluster/start"))) {
        return p;
      }
    }
    throw new IllegalStateException("no testcluster/start above " + here);
  }

  private void startProcess() {
    List<String> command = new ArrayList<>(List.of(repo.resolve("testcluster/start").toString(), dir.toString(),
        "--pod-ready-delay", "500ms", "--never-ready-images", NEVER_READY_IMAGES, "--unhealthy-images",
        UNHEALTHY_IMAGES));
    try {
      Files.createDirectories(dir);
      Path log = dir.resolve("testcluster.log");
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(START_TIMEOUT_MINUTES);
      String line;
      while ((line = reader.readLine()) != null) {
        output.add(line);
        if (line.equals("ready")) {
          Thread drain = new Thread(() -> reader.lines().forEach(output::add), "testcluster-stdout");
          drain.setDaemon(true);
          drain.start();
          info = new ObjectMapper().readTree(dir.resolve("cluster.json").toFile());
          return;
        }
        if (System.nanoTime() > deadline) {
          break;
        }
      }
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("testcluster/start never printed 'ready': " + output + "; last lines of "
          + log + ":\n" + tail(log, 30));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  private static String tail(Path file, int lines) throws IOException {
    List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  public Path dir() {
    return dir;
  }

  /** The cluster-admin identity (client certificate, group system:masters): for setting up and inspecting only. */
  public Path adminKubeconfig() {
    return dir.resolve("admin.kubeconfig");
  }

  /** The drillbook ServiceAccount's token, bound to the shipped k8s/base Role in {@link #ROLE_NAMESPACE}. */
  public Path drillbookKubeconfig() {
    return dir.resolve("drillbook.kubeconfig");
  }

  /** The real kubectl, built from the same Kubernetes release as the control plane. */
  public Path kubectl() {
    return repo.resolve("target/testcluster/kubectl");
  }

  /** The API server's audit log (Metadata level, JSON lines). */
  public Path auditLog() {
    return dir.resolve("audit.log");
  }

  public String server() {
    return info.get("server").asText();
  }

  public String kubernetesVersion() {
    return info.get("kubernetesVersion").asText();
  }

  /** How long the last start took, from the process's own count (etcd to "ready"). */
  public double startedSeconds() {
    return info.get("startedSeconds").asDouble();
  }

  /** 200 only while the Deployment's pods are all ready on an image that is not broken. */
  public String healthUrl(String namespace, String deployment) {
    return info.get("healthUrl").asText() + "/" + namespace + "/" + deployment;
  }

  /** A new admin client; the caller closes it. */
  public KubernetesClient admin() {
    try {
      return KubeClients.connect(adminKubeconfig(), null);
    } catch (ClusterException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** SIGKILL to the whole control plane (etcd and API server are in the one process). */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(1, TimeUnit.MINUTES);
  }

  /** Starts it again on the same directory: same data, ports, keys and tokens. */
  public void restart() {
    startProcess();
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
