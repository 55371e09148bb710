package io.drillbook.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Renders a {@link ComplianceReport} as JSON: the same facts as the markdown, for machines. */
public final class JsonReport {

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  /** The report as pretty-printed JSON, with {@code overall} and each target's {@code complianceLabel} added. */
  public static String render(ComplianceReport report) {
    ObjectNode root = JSON.valueToTree(report);
    root.put("periodName", report.period().name());
    root.put("overall", report.overall().label());
    ArrayNode targets = (ArrayNode) root.get("targets");
    for (int i = 0; i < targets.size(); i++) {
      ((ObjectNode) targets.get(i)).put("complianceLabel", report.targets().get(i).compliance().label());
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report could not be serialized", e);
    }
  }
}
