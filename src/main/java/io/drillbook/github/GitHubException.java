package io.drillbook.github;

import io.drillbook.drill.InfrastructureException;

/** GitHub could not be reached or refused a request; the one-line message never holds the token. */
public final class GitHubException extends InfrastructureException {
  private final int status;

  public GitHubException(int status, String message) {
    super(message);
    this.status = status;
  }

  public GitHubException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** HTTP status of the refusal, or 0 when no answer came. */
  public int status() {
    return status;
  }
}
