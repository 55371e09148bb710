package io.drillbook.app;

/**
 * How to run the daemon.
 *
 * @param port port of /healthz and /metrics, or null for the config's
 * @param maxRuns stop after this many completed runs, or null to run until the process is stopped
 * @param allowProduction the command line let drills with {@code allowProduction: true} run on production-like targets
 */
public record DaemonRequest(Integer port, Integer maxRuns, boolean allowProduction) {
  public DaemonRequest {
    if (maxRuns != null && maxRuns < 1) {
      throw new InputException("--max-runs must be at least 1");
    }
  }
}
