package io.drillbook.faults;

import io.drillbook.kube.KubeClients;
import io.drillbook.kube.KubernetesCluster;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Maestro demo sandbox (passing scenario) with a {@link TcpProxy} in front of its Kubernetes API, and a cluster
 * client that reaches the API only through the proxy, so a test can cut, stall or take down that client's connection.
 */
final class ProxiedSandbox implements AutoCloseable {
  final Sandbox sandbox;
  final TcpProxy proxy;
  final KubernetesCluster cluster;

  private ProxiedSandbox(Sandbox sandbox, TcpProxy proxy, KubernetesCluster cluster) {
    this.sandbox = sandbox;
    this.proxy = proxy;
    this.cluster = cluster;
  }

  /** @param dir where the proxied kubeconfig is written */
  static ProxiedSandbox start(Duration rolloutDelay, Path dir) throws Exception {
    Sandbox sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS).withRolloutDelay(rolloutDelay));
    TcpProxy proxy = TcpProxy.to(URI.create(sandbox.kubernetesUrl()));
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("kubeconfig"));
    Files.writeString(kubeconfig, Files.readString(kubeconfig).replace(sandbox.kubernetesUrl(),
        proxy.in(sandbox.kubernetesUrl())));
    KubernetesCluster cluster = new KubernetesCluster(KubeClients.connect(kubeconfig, null), System::nanoTime,
        "proxied sandbox");
    return new ProxiedSandbox(sandbox, proxy, cluster);
  }

  @Override
  public void close() {
    cluster.close();
    proxy.close();
    sandbox.close();
  }
}
