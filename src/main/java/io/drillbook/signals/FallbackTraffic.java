package io.drillbook.signals;

import io.drillbook.config.TargetConfig;
import io.drillbook.drill.InfrastructureException;
import java.util.List;

/**
 * The metrics API first; once it answers that it does not exist (404), Prometheus's series from then on. A 403 is
 * not a missing API: it is reported, not papered over.
 */
public final class FallbackTraffic implements TrafficSource {
  private final TrafficSource primary;
  private final TrafficSource secondary;
  private volatile String switchedBecause;

  public FallbackTraffic(TrafficSource primary, TrafficSource secondary) {
    this.primary = primary;
    this.secondary = secondary;
  }

  @Override
  public String describe() {
    return switchedBecause == null ? primary.describe() : secondary.describe() + " (" + switchedBecause + ")";
  }

  @Override
  public List<PodLimits> pods(TargetConfig target) throws InfrastructureException, InterruptedException {
    return primary.pods(target);
  }

  @Override
  public List<PodUsage> usage(TargetConfig target) throws InfrastructureException, InterruptedException {
    if (switchedBecause == null) {
      try {
        return primary.usage(target);
      } catch (MetricsUnavailable e) {
        if (e.kind() != MetricsUnavailable.Kind.NO_METRICS_API) {
          throw e;
        }
        switchedBecause = e.getMessage();
      }
    }
    try {
      return secondary.usage(target);
    } catch (MetricsUnavailable e) {
      throw new MetricsUnavailable(e.kind(), switchedBecause + "; " + e.getMessage());
    }
  }
}
