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

  /**
   * 401 (bad credentials), 404 (no such repository, workflow or run, or no access to it) and 422 (GitHub refused the
   * request's content) stay; 403 does not count, since GitHub also answers rate limits with it.
   */
  @Override
  public boolean lasting() {
    return status == 401 || status == 404 || status == 422;
  }
}
