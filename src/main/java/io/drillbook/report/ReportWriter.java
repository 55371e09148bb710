package io.drillbook.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a report's markdown, HTML and JSON files side by side. */
public final class ReportWriter {

  /**
   * Paths of the files written.
   *
   * @param markdown {@code drill-compliance-<period>.md}
   * @param html {@code drill-compliance-<period>.html}
   * @param json {@code drill-compliance-<period>.json}
   */
  public record ReportFiles(Path markdown, Path html, Path json) {}

  private ReportWriter() {}

  /** The base file name for a period: {@code drill-compliance-<since>_<until>} or {@code drill-compliance-all}. */
  public static String baseName(Period period) {
    return "drill-compliance-" + period.name();
  }

  /** Writes all three files into {@code outDir} (created if missing), replacing earlier ones. */
  public static ReportFiles write(ComplianceReport report, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    String base = baseName(report.period());
    Path md = outDir.resolve(base + ".md");
    Path html = outDir.resolve(base + ".html");
    Path json = outDir.resolve(base + ".json");
    Files.writeString(md, MarkdownReport.render(report), StandardCharsets.UTF_8);
    try (Writer out = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
      HtmlReport.render(report, out);
    }
    try (Writer out = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
      JsonReport.render(report, out);
    }
    return new ReportFiles(md, html, json);
  }
}
