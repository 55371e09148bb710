package io.drillbook.runbook;

import java.util.List;

/**
 * What drillbook understood of an SRE runbook.
 *
 * @param source the path the runbook was read from, as given
 * @param sha256 lower-case hex SHA-256 of the exact bytes read
 * @param thresholds the alert thresholds, in table order; never empty (the parser refuses such runbooks)
 * @param workloads the workloads named on the workloads line
 * @param verification the post-rollback checks; {@link Verification#NONE} when there is no such section
 * @param rollbackPaths the distinct rollback commands, in document order
 * @param evidencePath the markdown file the runbook says to record drills in, or null
 * @param problems what could not be understood, in line order
 */
public record Runbook(
    String source,
    String sha256,
    List<Threshold> thresholds,
    List<Workload> workloads,
    Verification verification,
    List<RollbackPathSpec> rollbackPaths,
    String evidencePath,
    List<Problem> problems) {

  public Runbook {
    thresholds = List.copyOf(thresholds);
    workloads = List.copyOf(workloads);
    rollbackPaths = List.copyOf(rollbackPaths);
    problems = List.copyOf(problems);
  }
}
