package io.drillbook.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The Grafana drills annotate: one region per dashboard, from the drill's start to its verdict.
 *
 * @param url the server's base URL, e.g. {@code https://grafana.example.com}
 * @param tokenFile file holding a service account token
 * @param dashboards dashboard UIDs annotated by default (a drill may name its own)
 */
public record GrafanaConfig(URI url, Path tokenFile, List<String> dashboards) {
  public GrafanaConfig {
    Objects.requireNonNull(url, "'url' must not be null");
    Objects.requireNonNull(tokenFile, "'tokenFile' must not be null");
    dashboards = List.copyOf(dashboards);
  }
}
