package io.drillbook.evidence;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Human labels for the named facts a record may carry beyond its fixed fields. A fact without a label here is
 * written under its own key, and read back by either.
 */
final class FactLabels {
  private static final Map<String, String> LABELS = new LinkedHashMap<>();

  static {
    LABELS.put("workflow", "Workflow");
    LABELS.put("runUrl", "Run URL");
    LABELS.put("runAttempt", "Run attempt");
    LABELS.put("headSha", "Head SHA");
    LABELS.put("offendingCommit", "Offending commit");
    LABELS.put("restoreRunUrl", "Restore run URL");
    LABELS.put("followUpIssue", "Follow-up issue");
    LABELS.put("followUpAction", "Follow-up action");
    LABELS.put("failingAlerts", "Failing alerts");
    LABELS.put("alertsBeforeRollback", "Alerts before the rollback");
    LABELS.put("alertsAtVerdict", "Alerts at the verdict");
    LABELS.put("alertsAfterRestore", "Alerts after the restore");
    LABELS.put("alertsChecked", "Alerts checked");
    LABELS.put("freeze", "Freeze");
    LABELS.put("freezeFrom", "Freeze from");
    LABELS.put("freezeUntil", "Freeze until");
    LABELS.put("freezeOverridden", "Freeze overridden");
  }

  private FactLabels() {}

  static String label(String key) {
    return LABELS.getOrDefault(key, key);
  }

  /** The fact key for a row label that is not one of the fixed fields. */
  static String key(String label) {
    for (Map.Entry<String, String> e : LABELS.entrySet()) {
      if (e.getValue().equals(label)) {
        return e.getKey();
      }
    }
    return label;
  }
}
