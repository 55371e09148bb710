package io.drillbook.drill;

import java.net.URI;
import java.time.Duration;

/** Asks a service's health endpoint until it answers as expected. */
public interface HealthProbe {

  /**
   * Retries with backoff until {@code url} answers {@code expectStatus}, the timeout passes or the abort fires.
   */
  HealthResult await(URI url, int expectStatus, Duration timeout, Abort abort) throws InterruptedException;

  /**
   * @param ok the expected status was seen
   * @param attempts requests made
   * @param lastStatus status of the last answer, 0 when none came
   * @param lastError why the last request failed without an answer, or null
   * @param detectedAtNanos monotonic instant of the deciding answer (or of giving up)
   */
  record HealthResult(boolean ok, int attempts, int lastStatus, String lastError, long detectedAtNanos) {}
}
