package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The HorizontalPodAutoscaler row of kube-apiserver's printers, with {@code formatHPAMetrics}'s TARGETS cell. */
final class HpaCells {

  private static final int MAX_METRICS = 2;

  private HpaCells() {}

  static List<Object> of(JsonNode hpa, Instant now) {
    JsonNode spec = hpa.path("spec");
    String reference = spec.path("scaleTargetRef").path("kind").asText("") + "/"
        + spec.path("scaleTargetRef").path("name").asText("");
    String minPods = spec.hasNonNull("minReplicas") ? Long.toString(spec.path("minReplicas").asLong()) : "<unset>";
    return List.of(TableCells.name(hpa), reference, metrics(spec.path("metrics"), hpa.path("status")
        .path("currentMetrics")), minPods, spec.path("maxReplicas").asLong(),
        hpa.path("status").path("currentReplicas").asLong(), TableCells.age(hpa, now));
  }

  static String metrics(JsonNode specs, JsonNode statuses) {
    if (specs.size() == 0) {
      return "<none>";
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      JsonNode spec = specs.get(i);
      JsonNode status = i < statuses.size() ? statuses.get(i) : null;
      String type = spec.path("type").asText();
      list.add(switch (type) {
        case "Resource" -> resource(spec.path("resource"), status == null ? null : status.get("resource"));
        case "ContainerResource" -> resource(spec.path("containerResource"),
            status == null ? null : status.get("containerResource"));
        case "Pods" -> current(status, "pods", "averageValue") + "/"
            + spec.path("pods").path("target").path("averageValue").asText();
        default -> "<unknown type>";
      });
    }
    if (list.size() > MAX_METRICS) {
      int more = list.size() - MAX_METRICS;
      return String.join(", ", list.subList(0, MAX_METRICS)) + " + " + more + " more...";
    }
    return String.join(", ", list);
  }

  private static String resource(JsonNode spec, JsonNode status) {
    String name = spec.path("name").asText();
    JsonNode target = spec.path("target");
    if (target.hasNonNull("averageValue")) {
      String current = status == null ? "<unknown>" : status.path("current").path("averageValue").asText("<unknown>");
      return name + ": " + current + "/" + target.path("averageValue").asText();
    }
    String current = status != null && status.path("current").hasNonNull("averageUtilization")
        ? status.path("current").path("averageUtilization").asInt() + "%" : "<unknown>";
    String goal = target.hasNonNull("averageUtilization") ? target.path("averageUtilization").asInt() + "%" : "<auto>";
    return name + ": " + current + "/" + goal;
  }

  private static String current(JsonNode status, String field, String value) {
    return status == null || !status.has(field) ? "<unknown>"
        : status.path(field).path("current").path(value).asText("<unknown>");
  }
}
