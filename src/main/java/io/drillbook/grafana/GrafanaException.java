package io.drillbook.grafana;

import io.drillbook.drill.InfrastructureException;

/** Grafana could not be reached or refused; the message is one line and never holds the token. */
public final class GrafanaException extends InfrastructureException {
  public GrafanaException(String message) {
    super(message);
  }

  public GrafanaException(String message, Throwable cause) {
    super(message, cause);
  }
}
