package io.drillbook.app;

/**
 * A request the caller must fix (a missing file, a drill name the config lacks, an unset environment variable):
 * nothing was touched. The message is one line naming the file, flag or field.
 */
public final class InputException extends RuntimeException {
  public InputException(String message) {
    super(message);
  }
}
