package io.drillbook.signals;

import io.drillbook.alertmanager.ActiveAlert;
import io.drillbook.alertmanager.AlertmanagerClient;
import io.drillbook.config.DrillConfig;
import io.drillbook.config.LabelMatchers;
import io.drillbook.drill.AlertSource;
import io.drillbook.drill.FiringAlert;
import io.drillbook.drill.InfrastructureException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alerts Alertmanager holds for a drill's target, silenced ones included ({@code suppressed}). Alertmanager keeps
 * no history, so it answers for the moments asked, never for the window between them.
 */
public final class AlertmanagerAlerts implements AlertSource {
  private final AlertmanagerClient alertmanager;

  public AlertmanagerAlerts(AlertmanagerClient alertmanager) {
    this.alertmanager = alertmanager;
  }

  @Override
  public String unavailable(DrillConfig drill) {
    return null;
  }

  @Override
  public String describe(DrillConfig drill, Instant from, Instant to) {
    return "Alertmanager " + alertmanager.url() + " alerts matching " + AlertmanagerClient.matchers(
        LabelMatchers.of(drill)) + " before the rollback, at the verdict and after the restore (it keeps no "
        + "history between those looks)";
  }

  @Override
  public List<FiringAlert> active(DrillConfig drill) throws InfrastructureException, InterruptedException {
    Map<String, String> matchers = LabelMatchers.of(drill);
    List<FiringAlert> out = new ArrayList<>();
    for (ActiveAlert a : alertmanager.alerts(matchers)) {
      out.add(new FiringAlert(a.name(), a.state(), a.startsAt(), TargetLabels.of(a.labels(), matchers)));
    }
    return out;
  }

  @Override
  public List<FiringAlert> firedBetween(DrillConfig drill, Instant from, Instant to) {
    return List.of();
  }

  @Override
  public List<String> rules(DrillConfig drill) {
    return List.of();
  }
}
