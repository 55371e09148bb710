package io.drillbook.alertmanager;

import io.drillbook.drill.InfrastructureException;

/** Alertmanager could not be reached or answered an error; the message is one line and never holds the token. */
public final class AlertmanagerException extends InfrastructureException {
  public AlertmanagerException(String message) {
    super(message);
  }

  public AlertmanagerException(String message, Throwable cause) {
    super(message, cause);
  }
}
