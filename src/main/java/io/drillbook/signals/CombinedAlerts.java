package io.drillbook.signals;

import io.drillbook.config.DrillConfig;
import io.drillbook.drill.AlertSource;
import io.drillbook.drill.FiringAlert;
import io.drillbook.drill.InfrastructureException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Prometheus's alerts and Alertmanager's together: the entry lists every alert either saw. A source that fails is
 * reported as such only when the other cannot answer either.
 */
public final class CombinedAlerts implements AlertSource {
  private final AlertSource prometheus;
  private final AlertSource alertmanager;

  public CombinedAlerts(AlertSource prometheus, AlertSource alertmanager) {
    this.prometheus = prometheus;
    this.alertmanager = alertmanager;
  }

  @Override
  public String unavailable(DrillConfig drill) {
    return null;
  }

  @Override
  public String describe(DrillConfig drill, Instant from, Instant to) {
    return prometheus.describe(drill, from, to) + "; and " + alertmanager.describe(drill, from, to);
  }

  private interface Ask {
    List<FiringAlert> from(AlertSource source) throws InfrastructureException, InterruptedException;
  }

  private List<FiringAlert> both(Ask ask) throws InfrastructureException, InterruptedException {
    List<FiringAlert> out = new ArrayList<>();
    InfrastructureException first = null;
    int answered = 0;
    for (AlertSource source : List.of(prometheus, alertmanager)) {
      try {
        out.addAll(ask.from(source));
        answered++;
      } catch (InfrastructureException e) {
        first = first == null ? e : first;
      }
    }
    if (answered == 0) {
      throw first;
    }
    return out;
  }

  @Override
  public List<FiringAlert> active(DrillConfig drill) throws InfrastructureException, InterruptedException {
    return both(source -> source.active(drill));
  }

  @Override
  public List<FiringAlert> firedBetween(DrillConfig drill, Instant from, Instant to)
      throws InfrastructureException, InterruptedException {
    return prometheus.firedBetween(drill, from, to);
  }

  @Override
  public List<String> rules(DrillConfig drill) throws InfrastructureException, InterruptedException {
    return prometheus.rules(drill);
  }
}
