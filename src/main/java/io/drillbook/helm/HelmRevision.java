package io.drillbook.helm;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of {@code helm history RELEASE -o json}. Helm 4 adds {@code rollback_revision} to revisions a rollback
 * wrote; Helm 3 only says so in the description ("Rollback to 1").
 *
 * @param revision the release revision (1, 2, ...)
 * @param updated when Helm wrote it, as Helm prints it
 * @param status {@code deployed}, {@code superseded}, {@code failed}, {@code pending-rollback}, ...
 * @param chart chart name and version, {@code NAME-VERSION}
 * @param appVersion the chart's {@code appVersion}
 * @param description Helm's own words ("Install complete", "Rollback to 1", an error)
 * @param rollbackOf the revision a rollback went back to, or 0 when this revision was not written by a rollback
 */
public record HelmRevision(int revision, String updated, String status, String chart, String appVersion,
    String description, int rollbackOf) {
  private static final Pattern ROLLBACK_TO = Pattern.compile("^Rollback to (\\d+)$");
  private static final Pattern CHART = Pattern.compile("^(.+?)-(v?\\d+\\.\\d+\\.\\d+.*)$");

  public HelmRevision {
    Objects.requireNonNull(status, "'status' must not be null");
    chart = chart == null ? "" : chart;
    appVersion = appVersion == null ? "" : appVersion;
    description = description == null ? "" : description;
    if (rollbackOf == 0) {
      Matcher m = ROLLBACK_TO.matcher(description);
      rollbackOf = m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }
  }

  /** Another operation (install, upgrade, rollback) started on this revision and never finished. */
  public boolean pending() {
    return status.toLowerCase(Locale.ROOT).startsWith("pending-");
  }

  public boolean deployed() {
    return status.equals("deployed");
  }

  /** The chart's name, {@code drill-app} of {@code drill-app-0.1.0}. */
  public String chartName() {
    Matcher m = CHART.matcher(chart);
    return m.matches() ? m.group(1) : chart;
  }

  /** The chart's version, {@code 0.1.0} of {@code drill-app-0.1.0}; empty when the chart is not NAME-VERSION. */
  public String chartVersion() {
    Matcher m = CHART.matcher(chart);
    return m.matches() ? m.group(2) : "";
  }
}
