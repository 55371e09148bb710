package io.drillbook.runbook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON form of a {@link Runbook}, as printed by the CLI. */
public final class RunbookJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private RunbookJson() {}

  /**
   * The runbook as {@code {thresholds, workloads, verification, rollbackPaths, evidencePath, problems, sha256,
   * source}}. Each rollback path has its parameters flattened next to {@code kind} and {@code line}, and their lines
   * under {@code parameterLines}. Absent values are JSON null.
   */
  public static ObjectNode of(Runbook runbook) {
    ObjectNode root = JSON.objectNode();
    ArrayNode thresholds = root.putArray("thresholds");
    for (Threshold t : runbook.thresholds()) {
      thresholds.addObject()
          .put("alert", t.alert())
          .put("metric", t.metric())
          .put("comparator", t.comparator())
          .put("value", t.value())
          .put("unit", t.unit())
          .put("qualifier", t.qualifier())
          .put("query", t.query())
          .put("line", t.line());
    }
    ArrayNode workloads = root.putArray("workloads");
    for (Workload w : runbook.workloads()) {
      workloads.addObject()
          .put("kind", w.kind())
          .put("namespace", w.namespace())
          .put("name", w.name())
          .put("line", w.line());
    }
    Verification v = runbook.verification();
    root.putObject("verification")
        .put("healthUrl", v.healthUrl())
        .put("expectStatus", v.expectStatus())
        .put("sustainSeconds", v.sustainSeconds())
        .put("logWindowSeconds", v.logWindowSeconds())
        .put("trafficLine", v.trafficLine());
    ArrayNode paths = root.putArray("rollbackPaths");
    for (RollbackPathSpec p : runbook.rollbackPaths()) {
      ObjectNode node = paths.addObject().put("kind", p.kind().id()).put("line", p.line());
      p.parameters().forEach(node::put);
      ObjectNode lines = node.putObject("parameterLines");
      p.parameterLines().forEach(lines::put);
    }
    root.put("evidencePath", runbook.evidencePath());
    ArrayNode problems = root.putArray("problems");
    for (Problem p : runbook.problems()) {
      problems.addObject().put("line", p.line()).put("message", p.message());
    }
    root.put("sha256", runbook.sha256());
    root.put("source", runbook.source());
    return root;
  }
}
