package io.drillbook.app;

import io.drillbook.drift.Finding;
import io.drillbook.runbook.Runbook;
import java.util.List;

/**
 * A runbook compared with reality.
 *
 * @param runbook the runbook as parsed
 * @param findings drift, unreachable sources and notes, in runbook order
 */
public record RunbookCheck(Runbook runbook, List<Finding> findings) {
  public RunbookCheck {
    findings = List.copyOf(findings);
  }
}
