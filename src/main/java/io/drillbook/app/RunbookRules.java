package io.drillbook.app;

import java.util.List;
import java.util.Map;

/**
 * A runbook's alert table written as Prometheus rules, or why it could not be.
 *
 * @param skipped alert to the config's reason for leaving it out
 * @param unwritable one line per alert that could not be written ({@code line N: ...}); empty when all were
 * @param written how many rules the text holds
 * @param text the rule file or PrometheusRule manifest; empty when any alert could not be written
 */
public record RunbookRules(Map<String, String> skipped, List<String> unwritable, int written, String text) {
  public RunbookRules {
    skipped = Map.copyOf(skipped);
    unwritable = List.copyOf(unwritable);
  }

  /**
   * How to write them.
   *
   * @param manifest a PrometheusRule manifest instead of a rule file
   * @param group the rule group's name, or null for the runbook's file name
   * @param name the manifest's name, or null for the group's
   * @param namespace the manifest's namespace, or null for none
   */
  public record Shape(boolean manifest, String group, String name, String namespace) {}
}
