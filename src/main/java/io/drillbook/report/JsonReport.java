package io.drillbook.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonAppend;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.VirtualBeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.Annotations;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.drillbook.drill.Verdict;
import java.io.IOException;
import java.util.Map;

/** Renders a {@link ComplianceReport} as JSON: the same facts as the markdown, for machines. */
public final class JsonReport {

  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .registerModule(new SimpleModule().addSerializer(DayStats.class, new DayStatsSerializer()))
      .addMixIn(ComplianceReport.TargetReport.class, WithComplianceLabel.class)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  /**
   * Appends {@code complianceLabel} after a target's own fields while it is written: building each target as a
   * tree first to add it doubled the cost of the largest file a report writes.
   */
  @JsonAppend(props = @JsonAppend.Prop(value = ComplianceLabel.class, name = "complianceLabel"))
  private abstract static class WithComplianceLabel {}

  static final class ComplianceLabel extends VirtualBeanPropertyWriter {
    private static final long serialVersionUID = 1L;

    public ComplianceLabel() {}

    private ComplianceLabel(BeanPropertyDefinition propDef, Annotations annotations, JavaType type) {
      super(propDef, annotations, type);
    }

    @Override
    protected Object value(Object bean, JsonGenerator gen, SerializerProvider prov) {
      return ((ComplianceReport.TargetReport) bean).compliance().label();
    }

    @Override
    public VirtualBeanPropertyWriter withConfig(MapperConfig<?> config, AnnotatedClass declaringClass,
        BeanPropertyDefinition propDef, JavaType type) {
      return new ComplianceLabel(propDef, declaringClass.getAnnotations(), type);
    }
  }

  /**
   * A day tally written field by field, exactly as the bean serializer would: years of daily drills are most of
   * the file, and bean and map introspection per day was most of its cost.
   */
  static final class DayStatsSerializer extends StdSerializer<DayStats> {
    private static final long serialVersionUID = 1L;

    DayStatsSerializer() {
      super(DayStats.class);
    }

    @Override
    public void serialize(DayStats d, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeStartObject(d);
      gen.writeStringField("date", d.date().toString());
      gen.writeNumberField("runs", d.runs());
      gen.writeObjectFieldStart("verdicts");
      for (Map.Entry<Verdict, Integer> v : d.verdicts().entrySet()) {
        gen.writeNumberField(v.getKey().name(), v.getValue());
      }
      gen.writeEndObject();
      gen.writeNumberField("recovered", d.recovered());
      seconds(gen, "minRecoverySeconds", d.minRecoverySeconds());
      seconds(gen, "maxRecoverySeconds", d.maxRecoverySeconds());
      gen.writeNumberField("overObjective", d.overObjective());
      gen.writeNumberField("objectiveSeconds", d.objectiveSeconds());
      gen.writeEndObject();
    }

    private static void seconds(JsonGenerator gen, String name, Double value) throws IOException {
      if (value == null) {
        gen.writeNullField(name);
      } else {
        gen.writeNumberField(name, value.doubleValue());
      }
    }
  }

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
   * Writes the JSON to {@code out} as it goes, one target after another: years of daily drills are many day
   * tallies, and the whole report as one tree would be several times their size.
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
        JSON.writeValue(gen, t);
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
