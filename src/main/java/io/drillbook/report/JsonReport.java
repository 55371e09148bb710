package io.drillbook.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/** Renders a {@link ComplianceReport} as JSON: the same facts as the markdown, for machines. */
public final class JsonReport {

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  /** The report as pretty-printed JSON, with {@code overall} and each target's {@code complianceLabel} added. */
  public static String render(ComplianceReport report) {
    java.io.StringWriter out = new java.io.StringWriter();
    try {
      render(report, out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Writes the JSON to {@code out}, one target's tree at a time: years of daily drills are many day tallies, and
   * the whole report as one tree would be several times their size.
   */
  public static void render(ComplianceReport report, java.io.Writer out) throws IOException {
    try (JsonGenerator gen = JSON.getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
      gen.useDefaultPrettyPrinter();
      gen.writeStartObject();
      gen.writeFieldName("period");
      JSON.writeValue(gen, report.period());
      gen.writeFieldName("policy");
      JSON.writeValue(gen, report.policy());
      gen.writeArrayFieldStart("targets");
      for (ComplianceReport.TargetReport t : report.targets()) {
        ObjectNode node = JSON.valueToTree(t);
        node.put("complianceLabel", t.compliance().label());
        gen.writeTree(node);
      }
      gen.writeEndArray();
      gen.writeNumberField("unreadableTotal", report.unreadableTotal());
      gen.writeFieldName("unreadable");
      JSON.writeValue(gen, report.unreadable());
      gen.writeStringField("periodName", report.period().name());
      gen.writeStringField("overall", report.overall().label());
      gen.writeEndObject();
    }
    out.write("\n");
  }
}
