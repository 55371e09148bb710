package io.drillbook.signals;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.LabelMatchers;
import io.drillbook.drill.AlertSource;
import io.drillbook.drill.FiringAlert;
import io.drillbook.drill.InfrastructureException;
import io.drillbook.prometheus.AlertingRule;
import io.drillbook.prometheus.PromQl;
import io.drillbook.prometheus.PrometheusClient;
import io.drillbook.prometheus.PrometheusException;
import io.drillbook.prometheus.RangeSeries;
import io.drillbook.prometheus.RuleAlert;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The alerts Prometheus's own rules raised for a drill's target: its {@code ALERTS} series over the drill's window
 * (so an alert that fired and resolved between two looks is still seen) and its active alerts at a given moment,
 * both narrowed by the drill's label matchers.
 */
public final class PrometheusAlerts implements AlertSource {
  /** Well under Prometheus's 11,000 points per series of a range query. */
  private static final int MAX_POINTS = 10_000;

  private final PrometheusClient prometheus;
  private final URI url;

  public PrometheusAlerts(PrometheusClient prometheus, URI url) {
    this.prometheus = prometheus;
    this.url = url;
  }

  @Override
  public String unavailable(DrillConfig drill) {
    return null;
  }

  /** {@code ALERTS{alertstate="firing"}} narrowed to the drill's target. */
  static String selector(DrillConfig drill) {
    return PromQl.scope("ALERTS{alertstate=\"firing\"}", LabelMatchers.of(drill));
  }

  @Override
  public String describe(DrillConfig drill, Instant from, Instant to) {
    return selector(drill) + " in Prometheus " + url + " from " + from + " to " + to + ", and its active alerts "
        + "(/api/v1/alerts) before the rollback, at the verdict and after the restore";
  }

  @Override
  public List<FiringAlert> active(DrillConfig drill) throws InfrastructureException, InterruptedException {
    Map<String, String> matchers = LabelMatchers.of(drill);
    List<FiringAlert> out = new ArrayList<>();
    try {
      for (RuleAlert a : prometheus.alerts()) {
        if (LabelMatchers.matches(matchers, a.labels())) {
          out.add(new FiringAlert(a.labels().getOrDefault("alertname", "(no alertname)"), a.state(), a.activeAt(),
              TargetLabels.of(a.labels(), matchers)));
        }
      }
    } catch (PrometheusException e) {
      throw new InfrastructureException(e.getMessage(), e);
    }
    return out;
  }

  @Override
  public List<FiringAlert> firedBetween(DrillConfig drill, Instant from, Instant to)
      throws InfrastructureException, InterruptedException {
    Duration window = Duration.between(from, to);
    Duration step = Duration.ofMillis(Math.max(1000, window.toMillis() / MAX_POINTS + 1));
    List<FiringAlert> out = new ArrayList<>();
    try {
      for (RangeSeries series : prometheus.rangeQuery(selector(drill), from, to, step)) {
        if (series.times().isEmpty()) {
          continue;
        }
        out.add(new FiringAlert(series.labels().getOrDefault("alertname", "(no alertname)"), "firing",
            series.times().get(0), TargetLabels.of(series.labels(), LabelMatchers.of(drill))));
      }
    } catch (PrometheusException e) {
      throw new InfrastructureException(e.getMessage(), e);
    }
    return out;
  }

  @Override
  public List<String> rules(DrillConfig drill) throws InfrastructureException, InterruptedException {
    try {
      LinkedHashSet<String> names = new LinkedHashSet<>();
      for (AlertingRule rule : prometheus.alertingRules()) {
        names.add(rule.name());
      }
      return List.copyOf(names);
    } catch (PrometheusException e) {
      throw new InfrastructureException(e.getMessage(), e);
    }
  }
}
