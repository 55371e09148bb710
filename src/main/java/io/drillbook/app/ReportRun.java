package io.drillbook.app;

import io.drillbook.report.ComplianceReport;
import io.drillbook.report.ReportWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * A compliance report built and written.
 *
 * @param report what it found
 * @param logs the evidence logs it read
 * @param written the files it wrote
 */
public record ReportRun(ComplianceReport report, List<Path> logs, ReportWriter.ReportFiles written) {
  public ReportRun {
    logs = List.copyOf(logs);
  }
}
