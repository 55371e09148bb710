package io.drillbook.kube;

import io.drillbook.drill.ClusterException;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns fabric8 exceptions into one-line causes an operator can act on. */
final class KubeErrors {
  private KubeErrors() {}

  /**
   * {@code prefix} plus {@link #describe}, as a ClusterException that is {@link ClusterException#lasting() lasting}
   * when the API server refused for good: 401, 403 (RBAC), 404 (the object or namespace is gone), 422 (invalid).
   */
  static ClusterException failure(String prefix, KubernetesClientException e) {
    int code = e.getCode();
    boolean lasting = code == 401 || code == 403 || code == 404 || code == 422;
    return new ClusterException(prefix + describe(e), e, lasting);
  }

  static String describe(KubernetesClientException e) {
    int code = e.getCode();
    if (code == 401) {
      return "401 Unauthorized: the credentials in the kubeconfig were refused";
    }
    if (code == 403) {
      return "403 Forbidden: the service account lacks a permission ("
          + (e.getStatus() != null ? e.getStatus().getMessage() : "see the Role in k8s/") + ")";
    }
    if (code > 0) {
      String message = e.getStatus() != null && e.getStatus().getMessage() != null
          ? e.getStatus().getMessage() : e.getMessage();
      return code + ": " + firstLine(message);
    }
    Throwable root = e;
    boolean notJson = false;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      // By package rather than type: fabric8's parser may be Jackson 2 (com.fasterxml) or 3 (tools.jackson).
      notJson |= root.getClass().getName().contains("jackson.");
    }
    if (notJson) {
      // A login page, a proxy's error page or a cut-off body: the server answered, but not as Kubernetes does.
      return "the API server's answer is not Kubernetes JSON (" + root.getClass().getSimpleName()
          + "); is the kubeconfig's server a proxy or a login page?";
    }
    return "API server unreachable (" + root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage())) + ")";
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
