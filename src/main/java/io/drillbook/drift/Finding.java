package io.drillbook.drift;

/**
 * One thing the runbook says that reality does not match, or a source that could not be asked.
 *
 * @param severity how it counts
 * @param line the runbook line it concerns (0 for the whole runbook)
 * @param source what was asked: {@code cluster}, {@code github}, {@code prometheus}
 * @param message one sentence
 */
public record Finding(Severity severity, int line, String source, String message) {

  /** How a finding counts toward the exit code. */
  public enum Severity {
    /** The runbook names something that does not exist or would be refused. */
    DRIFT,
    /** A source could not be reached, so part of the runbook is unchecked. */
    UNREACHABLE,
    /** Not checked, and why (no source configured). */
    SKIPPED
  }
}
