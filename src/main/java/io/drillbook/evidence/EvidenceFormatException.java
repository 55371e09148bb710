package io.drillbook.evidence;

import java.io.IOException;
import java.nio.file.Path;

/** An evidence log that cannot be read or appended to because of its content; names file and line. */
public class EvidenceFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;
  private final String problem;

  /** Creates an exception whose message is {@code FILE:LINE: problem}. */
  public EvidenceFormatException(Path file, int line, String problem) {
    super(file + ":" + line + ": " + problem);
    this.file = file;
    this.line = line;
    this.problem = problem;
  }

  /** The log file. */
  public Path file() {
    return file;
  }

  /** 1-based line number. */
  public int line() {
    return line;
  }

  /** The problem without the location prefix. */
  public String problem() {
    return problem;
  }
}
