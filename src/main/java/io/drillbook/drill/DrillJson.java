package io.drillbook.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON view of a drill run, as {@code --output json} prints it (field names are part of the CLI contract). */
public final class DrillJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DrillJson() {}

  /**
   * @param evidenceLog where the entry was appended, or null when it was not
   */
  public static ObjectNode of(DrillRecord r, String evidenceLog) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("drillId", r.drillId());
    o.put("drill", r.drill());
    o.put("method", r.method());
    o.put("environment", r.environment());
    o.put("namespace", r.namespace());
    o.put("deployment", r.deployment());
    o.put("startedAt", r.startedAt().toString());
    o.put("verdict", r.verdict().name());
    o.put("reason", r.reason());
    if (r.recoverySeconds() == null) {
      o.putNull("recoverySeconds");
    } else {
      o.put("recoverySeconds", r.recoverySeconds());
    }
    o.put("objectiveSeconds", r.objectiveSeconds());
    putLong(o, "fromRevision", r.fromRevision());
    putLong(o, "toRevision", r.toRevision());
    o.put("fromImage", r.fromImage());
    o.put("toImage", r.toImage());
    o.put("restored", r.restored());
    o.put("restoreDetail", r.restoreDetail());
    ArrayNode phases = o.putArray("phases");
    for (PhaseResult p : r.phases()) {
      ObjectNode n = phases.addObject();
      n.put("name", p.name());
      n.put("startedAt", p.startedAt().toString());
      n.put("seconds", p.seconds());
      n.put("ok", p.ok());
      n.put("detail", p.detail());
    }
    ArrayNode checks = o.putArray("checks");
    for (CheckResult c : r.checks()) {
      ObjectNode n = checks.addObject();
      n.put("name", c.name());
      n.put("ok", c.ok());
      n.put("detail", c.detail());
    }
    r.facts().forEach(o::put);
    o.put("evidenceLog", evidenceLog);
    return o;
  }

  private static void putLong(ObjectNode o, String key, Long value) {
    if (value == null) {
      o.putNull(key);
    } else {
      o.put(key, value);
    }
  }
}
