package io.drillbook.drill;

/** The cluster could not be reached or answered an error; the drill cannot be judged. */
public final class ClusterException extends InfrastructureException {
  public ClusterException(String message) {
    super(message);
  }

  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
