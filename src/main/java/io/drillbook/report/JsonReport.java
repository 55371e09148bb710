package io.drillbook.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.drillbook.drill.Verdict;
import io.drillbook.report.ComplianceReport.FollowUp;
import io.drillbook.report.ComplianceReport.Gap;
import io.drillbook.report.ComplianceReport.MissingEvidence;
import io.drillbook.report.ComplianceReport.Run;
import io.drillbook.report.ComplianceReport.TargetReport;
import io.drillbook.report.ComplianceReport.UnreadableSection;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link ComplianceReport} as JSON: the same facts as the markdown, for machines.
 *
 * <p>Written field by field on a streaming generator, in the shape (names, order, pretty printing) that Jackson's
 * bean serializer gave the report's records: setting up databind and its Java time module cost a one-shot report
 * more than writing all of its day tallies, and a report is always one-shot.
 */
public final class JsonReport {

  private final JsonGenerator gen;

  private JsonReport(JsonGenerator gen) {
    this.gen = gen;
  }

  /** The report as pretty-printed JSON, with {@code overall} and each target's {@code complianceLabel} added. */
  public static String render(ComplianceReport report) {
    StringWriter out = new StringWriter();
    try {
      render(report, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Writes the JSON to {@code out} as it goes, one target after another: years of daily drills are many day
   * tallies, and the whole report as one tree would be several times their size.
   */
  public static void render(ComplianceReport report, Writer out) throws IOException {
    write(report, new JsonFactory().createGenerator(out));
    out.write("\n");
  }

  /** As {@link #render(ComplianceReport, Writer)}, as UTF-8 bytes, which the generator encodes as it writes. */
  public static void render(ComplianceReport report, OutputStream out) throws IOException {
    write(report, new JsonFactory().createGenerator(out, JsonEncoding.UTF8));
    out.write('\n');
  }

  private static void write(ComplianceReport report, JsonGenerator generator) throws IOException {
    try (JsonGenerator gen = generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
      gen.useDefaultPrettyPrinter();
      new JsonReport(gen).report(report);
    }
  }

  private void report(ComplianceReport report) throws IOException {
    gen.writeStartObject();
    gen.writeObjectFieldStart("period");
    date("since", report.period().since());
    date("until", report.period().until());
    gen.writeEndObject();
    ReportPolicy policy = report.policy();
    gen.writeObjectFieldStart("policy");
    gen.writeNumberField("cadenceDays", policy.cadenceDays());
    gen.writeNumberField("cadenceGraceDays", policy.cadenceGraceDays());
    gen.writeNumberField("minObjectiveAttainment", policy.minObjectiveAttainment());
    gen.writeBooleanField("requireFollowUpForFail", policy.requireFollowUpForFail());
    gen.writeEndObject();
    gen.writeArrayFieldStart("targets");
    for (TargetReport t : report.targets()) {
      target(t);
    }
    gen.writeEndArray();
    gen.writeNumberField("unreadableTotal", report.unreadableTotal());
    gen.writeArrayFieldStart("unreadable");
    for (UnreadableSection u : report.unreadable()) {
      gen.writeStartObject();
      gen.writeStringField("file", u.file());
      gen.writeNumberField("line", u.line());
      gen.writeStringField("message", u.message());
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeStringField("periodName", report.period().name());
    gen.writeStringField("overall", report.overall().label());
    gen.writeEndObject();
  }

  private void target(TargetReport t) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("target", t.target());
    gen.writeStringField("compliance", t.compliance().name());
    strings("reasons", t.reasons());
    date("from", t.from());
    date("to", t.to());
    gen.writeNumberField("runCount", t.runCount());
    gen.writeArrayFieldStart("days");
    for (DayStats d : t.days()) {
      day(d);
    }
    gen.writeEndArray();
    counts("runsByVerdict", t.runsByVerdict());
    number("recoveryP50", t.recoveryP50());
    number("recoveryP95", t.recoveryP95());
    gen.writeNumberField("measuredRuns", t.measuredRuns());
    gen.writeNumberField("overObjectiveTotal", t.overObjectiveTotal());
    runs("overObjective", t.overObjective());
    number("objectiveAttainment", t.objectiveAttainment());
    gen.writeArrayFieldStart("gaps");
    for (Gap g : t.gaps()) {
      gen.writeStartObject();
      date("from", g.from());
      date("to", g.to());
      gen.writeNumberField("days", g.days());
      gen.writeNumberField("frozenDays", g.frozenDays());
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeArrayFieldStart("frozen");
    for (ComplianceReport.FrozenSpan f : t.frozen()) {
      gen.writeStartObject();
      gen.writeStringField("name", f.name());
      gen.writeStringField("from", f.from().toString());
      gen.writeStringField("until", f.until().toString());
      gen.writeNumberField("fires", f.fires());
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeNumberField("incompleteEvidenceTotal", t.incompleteEvidenceTotal());
    gen.writeArrayFieldStart("incompleteEvidence");
    for (MissingEvidence m : t.incompleteEvidence()) {
      gen.writeStartObject();
      gen.writeStringField("drillId", m.drillId());
      instant("startedAt", m.startedAt());
      gen.writeStringField("file", m.file());
      gen.writeNumberField("line", m.line());
      strings("missing", m.missing());
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeNumberField("failsWithoutFollowUpTotal", t.failsWithoutFollowUpTotal());
    runs("failsWithoutFollowUp", t.failsWithoutFollowUp());
    gen.writeArrayFieldStart("openFollowUps");
    for (FollowUp f : t.openFollowUps()) {
      gen.writeStartObject();
      gen.writeStringField("issue", f.issue());
      gen.writeStringField("drillId", f.drillId());
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeNumberField("stillFiringTotal", t.stillFiringTotal());
    gen.writeArrayFieldStart("stillFiring");
    for (ComplianceReport.StillFiring f : t.stillFiring()) {
      gen.writeStartObject();
      gen.writeStringField("drillId", f.drillId());
      instant("startedAt", f.startedAt());
      gen.writeStringField("verdict", f.verdict().name());
      gen.writeStringField("alerts", f.alerts());
      gen.writeStringField("file", f.file());
      gen.writeNumberField("line", f.line());
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeStringField("complianceLabel", t.compliance().label());
    gen.writeEndObject();
  }

  private void day(DayStats d) throws IOException {
    gen.writeStartObject();
    date("date", d.date());
    gen.writeNumberField("runs", d.runs());
    counts("verdicts", d.verdicts());
    gen.writeNumberField("recovered", d.recovered());
    number("minRecoverySeconds", d.minRecoverySeconds());
    number("maxRecoverySeconds", d.maxRecoverySeconds());
    gen.writeNumberField("overObjective", d.overObjective());
    gen.writeNumberField("objectiveSeconds", d.objectiveSeconds());
    gen.writeEndObject();
  }

  private void runs(String name, List<Run> runs) throws IOException {
    gen.writeArrayFieldStart(name);
    for (Run r : runs) {
      gen.writeStartObject();
      gen.writeStringField("drillId", r.drillId());
      instant("startedAt", r.startedAt());
      gen.writeStringField("verdict", r.verdict().name());
      number("recoverySeconds", r.recoverySeconds());
      gen.writeNumberField("objectiveSeconds", r.objectiveSeconds());
      gen.writeStringField("file", r.file());
      gen.writeNumberField("line", r.line());
      gen.writeEndObject();
    }
    gen.writeEndArray();
  }

  private void counts(String name, Map<Verdict, Integer> counts) throws IOException {
    gen.writeObjectFieldStart(name);
    for (Map.Entry<Verdict, Integer> c : counts.entrySet()) {
      gen.writeNumberField(c.getKey().name(), c.getValue().intValue());
    }
    gen.writeEndObject();
  }

  private void strings(String name, List<String> values) throws IOException {
    gen.writeArrayFieldStart(name);
    for (String v : values) {
      gen.writeString(v);
    }
    gen.writeEndArray();
  }

  private void number(String name, Double value) throws IOException {
    if (value == null) {
      gen.writeNullField(name);
    } else {
      gen.writeNumberField(name, value.doubleValue());
    }
  }

  private void date(String name, LocalDate value) throws IOException {
    if (value == null) {
      gen.writeNullField(name);
    } else {
      gen.writeStringField(name, value.toString());
    }
  }

  /** As the Java time module writes an instant when dates are not timestamps: ISO-8601, {@code Instant.toString}. */
  private void instant(String name, java.time.Instant value) throws IOException {
    if (value == null) {
      gen.writeNullField(name);
    } else {
      gen.writeStringField(name, value.toString());
    }
  }
}
