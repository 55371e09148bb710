package io.drillbook.drill;

/**
 * Which cluster a {@link Cluster} talks to, as the kubeconfig names it: for the production guard. Any part may be
 * null when unknown (in-cluster config has no context).
 *
 * @param context the kube context in use
 * @param cluster the kubeconfig's cluster entry name for that context
 * @param serverHost the API server's host name or address
 */
public record ClusterIdentity(String context, String cluster, String serverHost) {
  public static final ClusterIdentity UNKNOWN = new ClusterIdentity(null, null, null);
}
