package io.drillbook.runbook;

/**
 * A runbook that cannot be used at all: unreadable, or without a single threshold to judge a drill by. The message
 * is one line, {@code FILE:LINE: problem}, or {@code FILE: problem} when it concerns the whole file.
 */
public final class RunbookException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final int line;
  private final String problem;

  public RunbookException(String file, int line, String problem) {
    this(file, line, problem, null);
  }

  public RunbookException(String file, int line, String problem, Throwable cause) {
    super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
    this.file = file;
    this.line = line;
    this.problem = problem;
  }

  public String file() {
    return file;
  }

  /** 1-based line, or 0 when the problem concerns the whole file. */
  public int line() {
    return line;
  }

  public String problem() {
    return problem;
  }
}
