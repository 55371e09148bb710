package io.drillbook.cli;

/** The command line or its input is unusable; exit code 2 with a one-line message. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
