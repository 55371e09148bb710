package io.drillbook.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drillbook.config.ConfigException;
import io.drillbook.config.ConfigLoader;
import io.drillbook.config.DrillbookConfig;
import io.drillbook.drill.ClusterException;
import io.drillbook.drill.PreflightException;
import io.drillbook.drill.ProductionGuard;
import io.drillbook.helm.HelmCli;
import io.drillbook.helm.HelmException;
import io.drillbook.kube.KubeClients;
import io.drillbook.kube.KubernetesCluster;
import io.drillbook.schedule.QuartzCron;
import io.drillbook.time.Timing;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * {@code drillbook demo --method helm}: on a real cluster, a scratch namespace of the demo's own with a tiny chart
 * installed twice, for one Helm drill; everything it made is removed on close.
 */
final class HelmDemo implements AutoCloseable {
  static final String RELEASE = "demo";
  private static final List<String> CHART_FILES = List.of("Chart.yaml", "values.yaml", "templates/_helpers.tpl",
      "templates/deployment.yaml");
  private static final Duration HELM_TIMEOUT = Duration.ofMinutes(3);

  private final KubernetesClient client;
  private final HelmCli helm;
  private final String namespace;
  private final Path chart;
  private final DrillbookConfig config;
  private final PrintWriter progress;

  private HelmDemo(KubernetesClient client, HelmCli helm, String namespace, Path chart, DrillbookConfig config,
      PrintWriter progress) {
    this.client = client;
    this.helm = helm;
    this.namespace = namespace;
    this.chart = chart;
    this.config = config;
    this.progress = progress;
  }

  /** The demo's one drill, {@code helm-demo}. */
  DrillbookConfig config() {
    return config;
  }

  /**
   * Checks helm runs and the cluster answers, refuses a production-like cluster, then creates the namespace and
   * installs the chart (revision 1, image 3.9) and upgrades it (revision 2, image 3.10).
   *
   * @throws InputException in one line when helm or the cluster is missing, or the cluster looks like production
   */
  static HelmDemo start(Path kubeconfig, String context, String helmBinary, Path log, Timing timing,
      PrintWriter progress) throws IOException, InterruptedException, ConfigException {
    HelmCli helm = new HelmCli(helmBinary, kubeconfig, context);
    String version;
    try {
      version = helm.version();
    } catch (HelmException e) {
      throw new InputException("drillbook demo --method helm needs the helm CLI: " + e.getMessage());
    }
    KubernetesClient client;
    try {
      client = KubeClients.connect(kubeconfig, context);
      client.getKubernetesVersion();
    } catch (ClusterException | KubernetesClientException e) {
      throw new InputException("drillbook demo --method helm needs a reachable cluster (--kubeconfig, --context): "
          + e.getMessage());
    }
    HelmDemo demo;
    try {
      String namespace = "drillbook-demo-" + suffix();
      DrillbookConfig config = config(namespace, kubeconfig, context, helmBinary, log);
      ProductionGuard.defaults().check(config.drills().get(0),
          new KubernetesCluster(client, timing.nanoTime(), "").identity());
      if (client.namespaces().withName(namespace).get() != null) {
        throw new InputException("namespace " + namespace + " already exists; the demo only uses a namespace it "
            + "creates, so it leaves it alone");
      }
      Path chart = writeChart();
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
          .addToLabels("app.kubernetes.io/managed-by", "drillbook-demo").endMetadata().build()).create();
      demo = new HelmDemo(client, helm, namespace, chart, config, progress);
    } catch (PreflightException e) {
      client.close();
      throw new InputException("drillbook demo --method helm refused: " + e.getMessage());
    } catch (RuntimeException | IOException | ConfigException e) {
      client.close();
      throw e;
    }
    // From here on the namespace exists: whatever fails, close() removes it with the release and the chart.
    try {
      progress.printf("demo: %s on %s, scratch namespace %s%n", "helm " + version, KubeClients.describe(client),
          demo.namespace);
      progress.flush();
      demo.release("install", "3.9");
      demo.release("upgrade", "3.10");
      return demo;
    } catch (RuntimeException | InterruptedException e) {
      demo.close();
      throw e;
    }
  }

  private void release(String verb, String tag) throws InterruptedException {
    HelmCli.Result r;
    try {
      r = helm.run(List.of(verb, RELEASE, chart.toString(), "--set", "image.tag=" + tag, "--wait", "--timeout",
          HELM_TIMEOUT.toSeconds() + "s"), namespace, HELM_TIMEOUT.plusMinutes(1));
    } catch (HelmException e) {
      throw new InputException("drillbook demo --method helm: " + e.getMessage());
    }
    if (!r.ok()) {
      throw new InputException("drillbook demo --method helm: helm " + verb + " failed: " + r.error());
    }
    progress.printf("demo: helm %s %s (registry.k8s.io/pause:%s) in %s%n", verb, RELEASE, tag, namespace);
    progress.flush();
  }

  /** The demo's drill: the release's Deployment, rolled back and restored with helm, loaded like any config. */
  private static DrillbookConfig config(String namespace, Path kubeconfig, String context, String helmBinary,
      Path log) throws ConfigException, IOException {
    ObjectMapper json = new ObjectMapper();
    // JSON string literals are valid YAML double-quoted scalars, so any path or name is quoted safely.
    String target = "      namespace: " + namespace + "\n      deployment: " + RELEASE + "-drill-app\n"
        + (kubeconfig == null ? "" : "      kubeconfig: " + json.writeValueAsString(kubeconfig.toAbsolutePath()
            .toString()) + "\n")
        + (context == null ? "" : "      context: " + json.writeValueAsString(context) + "\n");
    String yaml = "drills:\n  - name: helm-demo\n    environment: demo\n    target:\n" + target
        + "    method: helm\n    helm:\n      release: " + RELEASE + "\n      binary: "
        + json.writeValueAsString(helmBinary == null ? "helm" : helmBinary) + "\n      timeout: 3m\n"
        + "    objective: 3m\n    timeouts: { rollout: 3m, health: 30s }\n"
        + "    evidenceLog: " + json.writeValueAsString(log.toAbsolutePath().normalize().toString()) + "\n";
    return new ConfigLoader(QuartzCron.SYNTAX).parse("built-in helm demo config", new StringReader(yaml), null);
  }

  private static String suffix() {
    String letters = "abcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      sb.append(letters.charAt(random.nextInt(letters.length())));
    }
    return sb.toString();
  }

  private static Path writeChart() throws IOException {
    Path dir = Files.createTempDirectory("drillbook-demo-chart-");
    for (String file : CHART_FILES) {
      try (InputStream in = HelmDemo.class.getResourceAsStream("demo-chart/" + file)) {
        if (in == null) {
          throw new IOException("the demo chart's " + file + " is missing from the jar");
        }
        Path target = dir.resolve(file);
        Files.createDirectories(target.getParent());
        Files.copy(in, target);
      }
    }
    return dir;
  }

  /** Uninstalls the release and deletes the namespace; says so, or says what is left behind. */
  @Override
  public void close() {
    try {
      helm.run(List.of("uninstall", RELEASE), namespace, Duration.ofMinutes(2));
    } catch (HelmException e) {
      progress.printf("demo: helm uninstall %s failed (%s); the namespace goes anyway%n", RELEASE, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      client.namespaces().withName(namespace).delete();
      progress.printf("demo: removed namespace %s%n", namespace);
    } catch (KubernetesClientException e) {
      progress.printf("demo: could not remove namespace %s: %s; delete it with 'kubectl delete namespace %s'%n",
          namespace, e.getMessage(), namespace);
    }
    progress.flush();
    client.close();
    deleteChart();
  }

  private void deleteChart() {
    try (var files = Files.walk(chart)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      progress.printf("demo: could not remove the chart copy %s: %s%n", chart, e.getMessage());
      progress.flush();
    }
  }
}
