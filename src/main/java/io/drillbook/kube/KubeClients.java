package io.drillbook.kube;

import io.drillbook.drill.ClusterException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Connects to a cluster the way kubectl does: an explicit kubeconfig file, else {@code KUBECONFIG} or
 * {@code ~/.kube/config}, else the in-cluster service account; an explicit context, else the current one.
 */
public final class KubeClients {
  private KubeClients() {}

  /**
   * @param kubeconfig explicit kubeconfig file, or null for kubectl's search order
   * @param context context to use, or null for the current context
   * @throws ClusterException when the kubeconfig cannot be read or names no such context
   */
  public static KubernetesClient connect(Path kubeconfig, String context) throws ClusterException {
    Config config;
    try {
      if (kubeconfig != null) {
        String content = Files.readString(kubeconfig);
        config = Config.fromKubeconfig(context, content, kubeconfig.toAbsolutePath().toString());
      } else {
        config = Config.autoConfigure(context);
      }
    } catch (NoSuchFileException e) {
      throw new ClusterException("kubeconfig " + kubeconfig + " does not exist");
    } catch (IOException e) {
      throw new ClusterException("cannot read kubeconfig " + kubeconfig + ": " + e.getMessage());
    } catch (KubernetesClientException | IllegalArgumentException e) {
      throw new ClusterException("cannot use kubeconfig" + (kubeconfig == null ? "" : " " + kubeconfig)
          + (context == null ? "" : " with context '" + context + "'") + ": " + KubeErrors.firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      // The YAML parser's message quotes the offending lines, which may hold credentials: keep only the line number.
      java.util.regex.Matcher line = java.util.regex.Pattern.compile("line (\\d+)").matcher(
          String.valueOf(e.getMessage()));
      throw new ClusterException("cannot use kubeconfig" + (kubeconfig == null ? "" : " " + kubeconfig)
          + (line.find() ? ":" + line.group(1) : "") + ": not a valid kubeconfig (" + e.getClass().getSimpleName()
          + ")");
    }
    if (context != null && config.getCurrentContext() != null
        && !context.equals(config.getCurrentContext().getName())) {
      throw new ClusterException("context '" + context + "' not found in kubeconfig"
          + (kubeconfig == null ? "" : " " + kubeconfig));
    }
    config.setRequestRetryBackoffLimit(3);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Where a client points, for messages: the API server URL and context, never credentials. */
  public static String describe(KubernetesClient client) {
    Config config = client.getConfiguration();
    String ctx = config.getCurrentContext() == null ? null : config.getCurrentContext().getName();
    return config.getMasterUrl() + (ctx == null ? "" : " (context " + ctx + ")");
  }
}
