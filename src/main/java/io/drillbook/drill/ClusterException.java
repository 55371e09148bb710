package io.drillbook.drill;

/** The cluster could not be reached or answered an error; the drill cannot be judged. */
public final class ClusterException extends InfrastructureException {
  private final boolean lasting;

  public ClusterException(String message) {
    this(message, null, false);
  }

  public ClusterException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /** @param lasting the API server refused for good (see {@link InfrastructureException#lasting()}) */
  public ClusterException(String message, Throwable cause, boolean lasting) {
    super(message, cause);
    this.lasting = lasting;
  }

  @Override
  public boolean lasting() {
    return lasting;
  }
}
