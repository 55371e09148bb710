package io.drillbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  @TempDir Path dir;

  static ComplianceReport gappyReport(Path dir) throws Exception {
    Path log = DrillLogs.weekly(dir.resolve("maestro.md"), 12, Set.of(5, 6), Set.of(2, 9));
    return ComplianceReport.build(List.of(log), ReportPolicy.defaults(), ComplianceReportTest.TWELVE_WEEKS);
  }

  @Test
  void writesMarkdownHtmlAndJsonNamedAfterThePeriod() throws Exception {
    ComplianceReport report = gappyReport(dir);

    ReportWriter.ReportFiles files = ReportWriter.write(report, dir.resolve("out"));

    assertThat(files.markdown()).hasFileName("drill-compliance-2026-07-06_2026-09-27.md").exists();
    assertThat(files.html()).hasFileName("drill-compliance-2026-07-06_2026-09-27.html").exists();
    assertThat(files.json()).hasFileName("drill-compliance-2026-07-06_2026-09-27.json").exists();
    assertThat(ReportWriter.baseName(Period.all())).isEqualTo("drill-compliance-all");

    String md = Files.readString(files.markdown());
    assertThat(md).contains("| intelgraph-staging/maestro-orchestrator | **NON-COMPLIANT** |")
        .contains("no PASS between 2026-08-03 and 2026-08-24 (21 days > 7)")
        .contains("2 of 10 runs over the objective (80 % < 90 %)")
        .contains("| 2026-08-03 | 2026-08-24 | 21 |")
        .contains("**Runs over the objective**");

    JsonNode json = new ObjectMapper().readTree(files.json().toFile());
    assertThat(json.get("overall").asText()).isEqualTo("NON-COMPLIANT");
    JsonNode target = json.get("targets").get(0);
    assertThat(target.get("target").asText()).isEqualTo("intelgraph-staging/maestro-orchestrator");
    assertThat(target.get("compliance").asText()).isEqualTo("NON_COMPLIANT");
    assertThat(target.get("complianceLabel").asText()).isEqualTo("NON-COMPLIANT");
    assertThat(target.get("gaps").get(0).get("from").asText()).isEqualTo("2026-08-03");
    assertThat(target.get("gaps").get(0).get("days").asInt()).isEqualTo(21);
    assertThat(target.get("overObjective")).hasSize(2);
    assertThat(target.get("reasons")).hasSize(2);

    String html = Files.readString(files.html());
    String withoutSvgNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assertThat(withoutSvgNamespace).as("self-contained: no links, sources or URLs")
        .doesNotContain("http:").doesNotContain("https:").doesNotContain(" src=").doesNotContain(" href=");
    assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainPattern("(?i)\\son[a-z]+\\s*=")
        .contains("<style>")
        .contains("aria-label=\"Recovery time per day with the objective\"")
        .contains("aria-label=\"One mark per day with runs, coloured by its worst verdict\"")
        .contains("aria-label=\"Weeks by days; red days lie in a gap without PASS\"")
        .contains("stroke-dasharray")
        .contains("NON-COMPLIANT")
        .contains("no PASS between 2026-08-03 and 2026-08-24 (21 days &gt; 7)");
    assertThat(count(html, "<svg")).isEqualTo(3);
    // the calendar marks the gap's inner days
    assertThat(html).contains("2026-08-10: in a gap without PASS").contains("2026-08-23: in a gap without PASS");
  }

  private static int count(String s, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""));
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
