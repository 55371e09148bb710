package io.drillbook.sandbox;

/**
 * The default RollingUpdate bounds (maxSurge 25% rounded up, maxUnavailable 25% rounded down, never both 0),
 * resolved for a replica count.
 */
record RollingUpdate(int maxSurge, int maxUnavailable) {

  static final String DEFAULT_PERCENT = "25%";

  static RollingUpdate forReplicas(int replicas) {
    int surge = (int) Math.ceil(replicas * 0.25);
    int unavailable = (int) Math.floor(replicas * 0.25);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    return new RollingUpdate(surge, unavailable);
  }
}
