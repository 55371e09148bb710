package io.drillbook.alertmanager;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An alert Alertmanager holds ({@code GET /api/v2/alerts}).
 *
 * @param labels its labels, {@code alertname} included
 * @param state {@code active}, {@code suppressed} (silenced or inhibited) or {@code unprocessed}
 * @param startsAt when it started firing
 * @param silencedBy the ids of the silences that hold it
 */
public record ActiveAlert(Map<String, String> labels, String state, Instant startsAt, List<String> silencedBy) {
  public ActiveAlert {
    labels = Map.copyOf(labels);
    silencedBy = List.copyOf(silencedBy);
  }

  public String name() {
    return labels.getOrDefault("alertname", "(no alertname)");
  }
}
