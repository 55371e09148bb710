package io.drillbook.realcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@link RunbookKubectlDifferentialIT} compares of two kubectl outputs: the same text once what differs between
 * any two clusters is masked (pod-template and pod name hashes, ages, IPs, node names, UIDs, container and image IDs,
 * timestamps) and column padding collapsed; plus the objects both sides start from.
 */
final class RunbookOutputs {

  private static final Pattern TIME = Pattern.compile("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}");
  private static final Pattern UID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern AGE = Pattern.compile("\\b\\d+[smhdy](\\d+[smh])?\\b");

  private RunbookOutputs() {}

  static String normalise(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n")) {
      String l = TIME.matcher(line).replaceAll("TIME");
      l = UID.matcher(l).replaceAll("UID");
      l = l.replaceAll("containerd://[0-9a-f]+", "CONTAINER-ID").replaceAll("(Image ID:\\s+).*", "$1IMAGE-ID");
      l = l.replaceAll("\\b([a-z][a-z0-9-]*?)-[a-z0-9]{4,10}-[a-z0-9]{5}\\b", "$1-HASH-POD");
      l = l.replaceAll("pod-template-hash=[a-z0-9]+", "pod-template-hash=HASH");
      l = l.replaceAll("\\b(web)-[a-z0-9]{4,10}\\b", "$1-HASH");
      l = l.replaceAll("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b", "IP");
      l = l.replaceAll("testcluster-node|drillbook-sandbox-node", "NODE");
      l = AGE.matcher(l).replaceAll("AGE");
      l = l.strip().replaceAll("\\s+", " ");
      // get pods -o wide: the test plane's fake kubelet gives pods no IP (<none>), a kubelet (and the sandbox) one.
      l = l.replaceAll("^(\\S+-HASH-POD \\S+ \\S+ \\S+ AGE) \\S+ NODE ", "$1 IP NODE ");
      if (!l.isEmpty()) {
        out.append(l).append('\n');
      }
    }
    return out.toString();
  }

  /** A describe output up to its Events part. */
  static String withoutEvents(String describe) {
    int events = describe.indexOf("\nEvents:");
    return events < 0 ? describe : describe.substring(0, events);
  }

  /** The Events part of a describe output. */
  static String eventsOnly(String describe) {
    int events = describe.indexOf("\nEvents:");
    return events < 0 ? "" : describe.substring(events + 1);
  }

  /** A describe pod output without its IP lines: the test plane's fake kubelet assigns no pod IP. */
  static String withoutPodIp(String describe) {
    return describe.lines().filter(l -> !l.startsWith("IP:") && !l.startsWith("IPs:") && !l.startsWith("  IP:"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  /** The events recorded since {@code before} (their names), as "type reason kind source message", normalised. */
  static List<String> newEvents(Kubectl kubectl, String namespace, Set<String> before) throws Exception {
    String table = kubectl.run("-n", namespace, "get", "events", "--no-headers", "-o",
        "custom-columns=NAME:.metadata.name,TYPE:.type,REASON:.reason,KIND:.involvedObject.kind,"
            + "SOURCE:.source.component,MESSAGE:.message").ok().out();
    return table.lines().map(l -> l.strip().split("\\s+", 2)).filter(p -> p.length == 2 && !before.contains(p[0]))
        .map(p -> normalise(p[1]).strip()).sorted().toList();
  }

  /** Waits until every pod of {@code before} is gone (none left terminating) and three others run in its place. */
  static void awaitReplaced(Kubectl kubectl, String namespace, String selector, Set<String> before) {
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
      String pods = kubectl.run("-n", namespace, "get", "pods", "-l", selector, "-o",
          "jsonpath={range .items[*]}{.metadata.name} {.status.phase} {.metadata.deletionTimestamp}{\"\\n\"}{end}")
          .ok().out();
      List<String[]> live = pods.lines().map(l -> l.strip().split(" ")).toList();
      assertThat(live).hasSize(3).allSatisfy(p -> {
        assertThat(p).as("not terminating").hasSize(2);
        assertThat(before).doesNotContain(p[0]);
        assertThat(p[1]).isEqualTo("Running");
      });
    });
  }

  /** The Deployment as the sandbox seeds it: one container, no ports, 3 replicas, default rolling update. */
  static String deploymentYaml(String namespace, String name, String image) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\n  namespace: " + namespace
        + "\n  labels: {app: " + name + "}\nspec:\n  replicas: 3\n  revisionHistoryLimit: 10\n"
        + "  selector: {matchLabels: {app: " + name + "}}\n  template:\n    metadata:\n      labels: {app: " + name
        + "}\n    spec:\n      terminationGracePeriodSeconds: 30\n      containers:\n      - name: " + name
        + "\n        image: " + image + "\n        imagePullPolicy: IfNotPresent\n";
  }

  /** The HPA and Ingress the sandbox seeds beside a Deployment. */
  static String neighboursYaml(String namespace, String name) {
    String host = name + "." + namespace + ".example.com";
    return "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: " + name + ", namespace: "
        + namespace + "}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: " + name + "}\n"
        + "  minReplicas: 3\n  maxReplicas: 10\n  metrics:\n  - type: Resource\n"
        + "    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}\n---\n"
        + "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: " + name + ", namespace: " + namespace
        + "}\nspec:\n  ingressClassName: nginx\n  tls:\n  - hosts: [" + host + "]\n    secretName: " + name
        + "-tls\n  rules:\n  - host: " + host + "\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n"
        + "        backend:\n          service: {name: " + name + ", port: {number: 8080}}\n";
  }
}
