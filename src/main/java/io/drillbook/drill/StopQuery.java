package io.drillbook.drill;

import java.util.OptionalDouble;

/** Evaluates a stop condition's PromQL query now (the Prometheus adapter implements it). */
public interface StopQuery {

  /**
   * @return the highest value of the result, or empty when it holds no series
   * @throws InfrastructureException when Prometheus cannot be asked or answers an error
   */
  OptionalDouble highest(String promql) throws InfrastructureException, InterruptedException;

  /** For engines without Prometheus: every evaluation fails (the loader refuses such a config anyway). */
  StopQuery NONE = promql -> {
    throw new InfrastructureException("no prometheus is configured for the stop query");
  };
}
