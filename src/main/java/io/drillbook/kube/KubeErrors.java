package io.drillbook.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns fabric8 exceptions into one-line causes an operator can act on. */
final class KubeErrors {
  private KubeErrors() {}

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
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "API server unreachable (" + root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage())) + ")";
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
