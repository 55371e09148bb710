package io.drillbook.drill;

/**
 * Something drillbook depends on (the cluster, GitHub, Prometheus) could not be reached or answered an error, so a
 * drill cannot be judged. The message is one line an operator can act on and never holds a credential.
 */
public class InfrastructureException extends Exception {
  public InfrastructureException(String message) {
    super(message);
  }

  public InfrastructureException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * True when trying again cannot help: the service answered and refused for a reason that stays (no permission,
   * no such object, an invalid request), as opposed to being unreachable, overloaded or timing out.
   */
  public boolean lasting() {
    return false;
  }
}
