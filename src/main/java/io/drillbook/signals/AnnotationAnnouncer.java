package io.drillbook.signals;

import io.drillbook.config.DrillConfig;
import io.drillbook.drill.DrillAnnouncer;
import io.drillbook.drill.DrillRecord;
import io.drillbook.grafana.GrafanaClient;
import io.drillbook.grafana.GrafanaException;
import io.drillbook.time.Timing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Marks a drill on the runbook's Grafana dashboards: one region per dashboard from the drill's start (planned to its
 * objective), moved to its real end with the verdict once known. Tagged with the drill id and method, so a dashboard
 * can show or hide drills and a reader can find the entry.
 */
public final class AnnotationAnnouncer implements DrillAnnouncer {
  private final GrafanaClient grafana;
  private final Timing timing;

  public AnnotationAnnouncer(GrafanaClient grafana, Timing timing) {
    this.grafana = grafana;
    this.timing = timing;
  }

  static List<String> tags(DrillConfig drill, String drillId) {
    return List.of("drillbook", "drill:" + drillId, "method:" + drill.method().configName());
  }

  @Override
  public Announced begin(DrillConfig drill, String drillId, Instant startedAt) {
    List<String> dashboards = drill.signals().dashboards() == null ? List.of() : drill.signals().dashboards();
    if (dashboards.isEmpty()) {
      return record -> Map.of();
    }
    Map<String, Long> ids = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    String running = "Rollback drill " + drillId + " (" + drill.method().configName() + ") on "
        + drill.target().qualifiedName() + ": running";
    for (String uid : dashboards) {
      try {
        ids.put(uid, grafana.addRegion(uid, startedAt, startedAt.plus(drill.objective()), tags(drill, drillId),
            running));
      } catch (GrafanaException e) {
        failures.add(uid + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.add(uid + ": interrupted");
        break;
      }
    }
    return record -> end(drill, drillId, ids, failures, record);
  }

  private Map<String, String> end(DrillConfig drill, String drillId, Map<String, Long> ids, List<String> failures,
      DrillRecord record) {
    Instant end = timing.now();
    String text = "Rollback drill " + drillId + " (" + drill.method().configName() + ") on "
        + drill.target().qualifiedName() + ": " + record.verdict() + (record.recovery() == null ? ""
            : String.format(Locale.ROOT, ", recovered in %.1f s (objective %d s)",
                record.recovery().toMillis() / 1000.0, record.objective().toSeconds()))
        + (record.restored() ? "" : ", STAGING NOT RESTORED");
    List<String> done = new ArrayList<>();
    List<String> problems = new ArrayList<>(failures);
    for (Map.Entry<String, Long> e : ids.entrySet()) {
      try {
        grafana.updateRegion(e.getValue(), end, tags(drill, drillId), text);
        done.add(e.getKey() + " #" + e.getValue());
      } catch (GrafanaException ex) {
        problems.add(e.getKey() + " #" + e.getValue() + ": " + ex.getMessage());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        problems.add(e.getKey() + " #" + e.getValue() + ": interrupted before the verdict was written");
      }
    }
    Map<String, String> facts = new LinkedHashMap<>();
    if (!done.isEmpty()) {
      facts.put("grafanaAnnotations", String.join(", ", done) + " in Grafana " + grafana.url() + " (region "
          + record.startedAt() + " to " + end + ", tags " + String.join(" ", tags(drill, drillId)) + ")");
    }
    if (!problems.isEmpty()) {
      facts.put("grafanaAnnotationErrors", String.join("; ", problems));
    }
    return facts;
  }
}
