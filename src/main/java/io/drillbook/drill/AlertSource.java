package io.drillbook.drill;

import io.drillbook.config.DrillConfig;
import java.time.Instant;
import java.util.List;

/**
 * Where a drill learns which alerts fired for its target: Prometheus's {@code ALERTS} series and active alerts, and
 * Alertmanager's. Reading alerts never changes a verdict: it is evidence.
 */
public interface AlertSource {

  /** Why alerts cannot be checked for {@code drill} (e.g. "no Prometheus configured"), or null when they can. */
  String unavailable(DrillConfig drill);

  /** One line saying what is asked, for the evidence: the selector and the servers. */
  String describe(DrillConfig drill, Instant from, Instant to);

  /** The alerts active for the target now (pending and firing alike; the state says which). */
  List<FiringAlert> active(DrillConfig drill) throws InfrastructureException, InterruptedException;

  /** Every alert that was firing for the target at any time from {@code from} to {@code to}. */
  List<FiringAlert> firedBetween(DrillConfig drill, Instant from, Instant to)
      throws InfrastructureException, InterruptedException;

  /**
   * The names of the alerting rules loaded where alerts are evaluated, or an empty list when the source cannot
   * say (Alertmanager knows no rules).
   */
  List<String> rules(DrillConfig drill) throws InfrastructureException, InterruptedException;

  /** A source that checks nothing, for the reason given. */
  static AlertSource none(String why) {
    return new AlertSource() {
      @Override
      public String unavailable(DrillConfig drill) {
        return why;
      }

      @Override
      public String describe(DrillConfig drill, Instant from, Instant to) {
        return "not checked (" + why + ")";
      }

      @Override
      public List<FiringAlert> active(DrillConfig drill) {
        return List.of();
      }

      @Override
      public List<FiringAlert> firedBetween(DrillConfig drill, Instant from, Instant to) {
        return List.of();
      }

      @Override
      public List<String> rules(DrillConfig drill) {
        return List.of();
      }
    };
  }
}
