package io.drillbook.evidence;

import java.nio.file.Path;

/**
 * A section marked as a drillbook entry that could not be read.
 *
 * @param file the log file
 * @param line 1-based line number of the offending line
 * @param message what is wrong, naming the field or column where there is one
 */
public record MalformedSection(Path file, int line, String message) implements LogSection {

  /** {@code FILE:LINE: message}, as the CLI prints it. */
  public String describe() {
    return file + ":" + line + ": " + message;
  }

  /** This problem as an exception. */
  public EvidenceFormatException toException() {
    return new EvidenceFormatException(file, line, message);
  }
}
