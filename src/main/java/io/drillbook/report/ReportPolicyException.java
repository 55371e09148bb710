package io.drillbook.report;

import java.nio.file.Path;

/** A report policy file that cannot be used; the message reads {@code FILE:LINE: key 'KEY': problem}. */
public final class ReportPolicyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;
  private final String key;

  /**
   * @param file the policy file
   * @param line 1-based line of the problem (0 if unknown)
   * @param key the offending key, or null when the problem is not about one key
   * @param problem what is wrong
   */
  public ReportPolicyException(Path file, int line, String key, String problem) {
    super(file + ":" + line + ": " + (key == null ? "" : "key '" + key + "': ") + problem);
    this.file = file;
    this.line = line;
    this.key = key;
  }

  /** The policy file. */
  public Path file() {
    return file;
  }

  /** 1-based line of the problem, 0 if unknown. */
  public int line() {
    return line;
  }

  /** The offending key, or null. */
  public String key() {
    return key;
  }
}
