package io.drillbook.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The Prometheus server thresholds are evaluated on.
 *
 * @param url the server's base URL, e.g. {@code http://prometheus.monitoring.svc:9090}
 * @param tokenFile file holding a bearer token, or null when none is needed
 */
public record PrometheusConfig(URI url, Path tokenFile) {
  public PrometheusConfig {
    Objects.requireNonNull(url, "'url' must not be null");
  }
}
