package io.drillbook.config;

import java.net.URI;
import java.util.Objects;

/**
 * The HTTP health check that must answer after the rollback.
 *
 * @param url absolute http(s) URL
 * @param expectStatus the status code that means healthy
 */
public record HealthConfig(URI url, int expectStatus) {
  public HealthConfig {
    Objects.requireNonNull(url, "'url' must not be null");
    if (expectStatus < 100 || expectStatus > 599) {
      throw new IllegalArgumentException("'expectStatus' must be an HTTP status code, was " + expectStatus);
    }
  }
}
