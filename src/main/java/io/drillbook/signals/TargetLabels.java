package io.drillbook.signals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The labels of an alert that say which workload it is about; the rest (severity, team, ...) stay out of entries. */
final class TargetLabels {
  private static final List<String> IDENTIFYING = List.of("namespace", "deployment", "pod", "container", "service",
      "job", "instance");

  private TargetLabels() {
  }

  /** The matched labels first, then the usual identifying ones the alert carries. */
  static Map<String, String> of(Map<String, String> labels, Map<String, String> matchers) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : matchers.keySet()) {
      String name = key.replaceAll("(=~|!=|!~)$", "");
      if (labels.containsKey(name)) {
        out.put(name, labels.get(name));
      }
    }
    for (String name : IDENTIFYING) {
      if (labels.containsKey(name)) {
        out.putIfAbsent(name, labels.get(name));
      }
    }
    return out;
  }
}
