package io.drillbook.sandbox;

/** A kubeconfig pointing at the sandbox, readable by fabric8 and kubectl. */
final class Kubeconfig {

  static final String NAME = "drillbook-sandbox";
  // The sandbox checks no credentials; a token is there because tools expect some user entry.
  static final String TOKEN = "drillbook-sandbox-token";

  private Kubeconfig() {}

  static String render(String serverUrl, String namespace) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: "%2$s"
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: "%3$s"
        current-context: %1$s
        preferences: {}
        users:
        - name: %1$s
          user:
            token: "%4$s"
        """.formatted(NAME, serverUrl, namespace, TOKEN);
  }
}
