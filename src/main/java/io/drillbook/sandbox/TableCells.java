package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * One Table row's cells per kind, as kube-apiserver's printers ({@code pkg/printers/internalversion/printers.go},
 * v1.36.3) compute them with {@code Wide: true}: same order, same formats, numbers where they send numbers.
 */
final class TableCells {

  private TableCells() {}

  static List<Object> of(String resource, JsonNode o, Instant now) {
    return switch (resource) {
      case "pods" -> pod(o, now);
      case "deployments" -> deployment(o, now);
      case "replicasets" -> replicaSet(o, now);
      case "events" -> event(o, now);
      case "horizontalpodautoscalers" -> HpaCells.of(o, now);
      case "ingresses" -> ingress(o, now);
      default -> throw new IllegalArgumentException("no printer for " + resource);
    };
  }

  private static List<Object> pod(JsonNode pod, Instant now) {
    JsonNode status = pod.path("status");
    String reason = status.path("reason").asText(status.path("phase").asText(""));
    int restarts = 0;
    int ready = 0;
    Instant lastRestart = null;
    JsonNode statuses = status.path("containerStatuses");
    for (int i = statuses.size() - 1; i >= 0; i--) {
      JsonNode c = statuses.get(i);
      restarts += c.path("restartCount").asInt();
      Instant finished = time(c.path("lastState").path("terminated").path("finishedAt").asText(null));
      if (finished != null && (lastRestart == null || finished.isAfter(lastRestart))) {
        lastRestart = finished;
      }
      JsonNode state = c.path("state");
      if (!state.path("waiting").path("reason").asText("").isEmpty()) {
        reason = state.path("waiting").path("reason").asText();
      } else if (state.has("terminated")) {
        JsonNode t = state.path("terminated");
        reason = !t.path("reason").asText("").isEmpty() ? t.path("reason").asText()
            : t.path("signal").asInt() != 0 ? "Signal:" + t.path("signal").asInt()
            : "ExitCode:" + t.path("exitCode").asInt();
      } else if (c.path("ready").asBoolean() && state.has("running")) {
        ready++;
      }
    }
    if (pod.path("metadata").has("deletionTimestamp") && !"Succeeded".equals(status.path("phase").asText())
        && !"Failed".equals(status.path("phase").asText())) {
      reason = "Terminating";
    }
    String restartCell = restarts != 0 && lastRestart != null
        ? restarts + " (" + HumanDuration.since(lastRestart, now) + " ago)" : Integer.toString(restarts);
    JsonNode ips = status.path("podIPs");
    String ip = ips.size() > 0 ? ips.get(0).path("ip").asText("") : status.path("podIP").asText("");
    String node = pod.path("spec").path("nodeName").asText("");
    String nominated = status.path("nominatedNodeName").asText("");
    return List.of(name(pod), ready + "/" + pod.path("spec").path("containers").size(), reason, restartCell,
        age(pod, now), orNone(ip), orNone(node), orNone(nominated), "<none>");
  }

  private static List<Object> deployment(JsonNode d, Instant now) {
    JsonNode status = d.path("status");
    JsonNode template = d.path("spec").path("template").path("spec").path("containers");
    return List.of(name(d),
        status.path("readyReplicas").asLong() + "/" + d.path("spec").path("replicas").asLong(),
        status.path("updatedReplicas").asLong(), status.path("availableReplicas").asLong(), age(d, now),
        containerNames(template), containerImages(template), selector(d.path("spec").path("selector")));
  }

  private static List<Object> replicaSet(JsonNode rs, Instant now) {
    JsonNode template = rs.path("spec").path("template").path("spec").path("containers");
    return List.of(name(rs), rs.path("spec").path("replicas").asLong(), rs.path("status").path("replicas").asLong(),
        rs.path("status").path("readyReplicas").asLong(), age(rs, now), containerNames(template),
        containerImages(template), selector(rs.path("spec").path("selector")));
  }

  private static List<Object> event(JsonNode e, Instant now) {
    Instant firstAt = time(e.path("firstTimestamp").asText(null));
    String first = firstAt != null ? HumanDuration.since(firstAt, now)
        : HumanDuration.sinceOrUnknown(time(e.path("eventTime").asText(null)), now);
    Instant lastAt = time(e.path("lastTimestamp").asText(null));
    String last = lastAt == null ? first : HumanDuration.since(lastAt, now);
    long count = e.path("count").asLong();
    if (e.hasNonNull("series")) {
      last = HumanDuration.sinceOrUnknown(time(e.path("series").path("lastObservedTime").asText(null)), now);
      count = e.path("series").path("count").asLong();
    } else if (count == 0) {
      count = 1;
    }
    JsonNode involved = e.path("involvedObject");
    String kind = involved.path("kind").asText("").toLowerCase(Locale.ROOT);
    String target = involved.path("name").asText("").isEmpty() ? kind : kind + "/" + involved.path("name").asText();
    String component = firstNonEmpty(e.path("source").path("component").asText(""),
        e.path("reportingComponent").asText(""));
    String instance = firstNonEmpty(e.path("source").path("host").asText(""), e.path("reportingInstance").asText(""));
    String source = instance.isEmpty() ? component : component + ", " + instance;
    return List.of(last, e.path("type").asText(""), e.path("reason").asText(""), target,
        involved.path("fieldPath").asText(""), source, e.path("message").asText("").strip(), first, count, name(e));
  }

  private static List<Object> ingress(JsonNode ing, Instant now) {
    JsonNode spec = ing.path("spec");
    String className = spec.path("ingressClassName").asText("<none>");
    List<String> hosts = new ArrayList<>();
    JsonNode rules = spec.path("rules");
    for (JsonNode rule : rules) {
      if (hosts.size() == 3) {
        break;
      }
      if (!rule.path("host").asText("").isEmpty()) {
        hosts.add(rule.path("host").asText());
      }
    }
    String hostCell = hosts.isEmpty() ? "*" : String.join(",", hosts)
        + (rules.size() > 3 ? " + " + (rules.size() - 3) + " more..." : "");
    java.util.TreeSet<String> addresses = new java.util.TreeSet<>();
    for (JsonNode lb : ing.path("status").path("loadBalancer").path("ingress")) {
      String a = !lb.path("ip").asText("").isEmpty() ? lb.path("ip").asText() : lb.path("hostname").asText("");
      if (!a.isEmpty()) {
        addresses.add(a);
      }
    }
    String ports = spec.path("tls").size() > 0 ? "80, 443" : "80";
    return List.of(name(ing), className, hostCell, String.join(",", addresses), ports, age(ing, now));
  }

  /** {@code metav1.FormatLabelSelector}: requirements sorted by key. */
  static String selector(JsonNode selector) {
    TreeMap<String, String> parts = new TreeMap<>();
    selector.path("matchLabels").fields().forEachRemaining(e -> parts.put(e.getKey(), e.getKey() + "="
        + e.getValue().asText()));
    for (JsonNode r : selector.path("matchExpressions")) {
      String key = r.path("key").asText();
      List<String> values = new ArrayList<>();
      r.path("values").forEach(v -> values.add(v.asText()));
      java.util.Collections.sort(values);
      String text = switch (r.path("operator").asText()) {
        case "In" -> key + " in (" + String.join(",", values) + ")";
        case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
        case "Exists" -> key;
        default -> "!" + key;
      };
      parts.merge(key, text, (a, b) -> a + "," + b);
    }
    return parts.isEmpty() ? "<none>" : String.join(",", parts.values());
  }

  static String age(JsonNode object, Instant now) {
    return HumanDuration.sinceOrUnknown(time(object.path("metadata").path("creationTimestamp").asText(null)), now);
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asText("");
  }

  private static String containerNames(JsonNode containers) {
    List<String> names = new ArrayList<>();
    containers.forEach(c -> names.add(c.path("name").asText("")));
    return String.join(",", names);
  }

  private static String containerImages(JsonNode containers) {
    List<String> images = new ArrayList<>();
    containers.forEach(c -> images.add(c.path("image").asText("")));
    return String.join(",", images);
  }

  private static String orNone(String value) {
    return value.isEmpty() ? "<none>" : value;
  }

  private static String firstNonEmpty(String a, String b) {
    return a.isEmpty() ? b : a;
  }

  static Instant time(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
