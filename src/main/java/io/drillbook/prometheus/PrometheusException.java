package io.drillbook.prometheus;

import io.drillbook.drill.InfrastructureException;

/**
 * Prometheus could not be asked or did not answer a usable result: unreachable, an HTTP error, a query error, or a
 * body that is not its JSON API. The message is one line and never holds the bearer token.
 */
public class PrometheusException extends InfrastructureException {
  public PrometheusException(String message) {
    super(message);
  }

  public PrometheusException(String message, Throwable cause) {
    super(message, cause);
  }
}
