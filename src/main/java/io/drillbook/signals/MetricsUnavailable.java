package io.drillbook.signals;

import io.drillbook.drill.InfrastructureException;

/** The pod metrics could not be read for a reason that stays: no permission, or no metrics API at all. */
public final class MetricsUnavailable extends InfrastructureException {
  /** Why. */
  public enum Kind {
    /** 403: the identity may not list {@code pods.metrics.k8s.io}. */
    FORBIDDEN,
    /** 404: the cluster serves no {@code metrics.k8s.io} (no metrics-server or adapter). */
    NO_METRICS_API
  }

  private final Kind kind;

  public MetricsUnavailable(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public boolean lasting() {
    return true;
  }
}
