package io.drillbook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drillbook.drill.Recovery.Found;
import io.drillbook.drill.Recovery.Outcome;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints what crash recovery found and did, and maps it to the exit-code table. */
final class RecoveryReport {
  private RecoveryReport() {}

  /** One line per marked target. */
  static void printLines(List<Found> found, PrintWriter out) {
    for (Found f : found) {
      out.printf(Locale.ROOT, "%-12s %s: %s%s%n", label(f.outcome()), f.target(), Text.printable(f.message()),
          f.evidenceLocation() == null ? "" : " (evidence " + f.evidenceLocation() + ")");
    }
    out.flush();
  }

  static String label(Outcome outcome) {
    return switch (outcome) {
      case RECOVERED -> "recovered";
      case IN_PROGRESS -> "in progress";
      case NOT_RESTORED -> "NOT RESTORED";
      case UNCHECKED -> "unchecked";
    };
  }

  static ObjectNode json(List<Found> found, int targets) {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("targetsChecked", targets);
    ArrayNode list = o.putArray("found");
    for (Found f : found) {
      ObjectNode item = list.addObject();
      item.put("target", f.target());
      item.put("outcome", f.outcome().name());
      if (f.drillId() == null) {
        item.putNull("drillId");
      } else {
        item.put("drillId", f.drillId());
      }
      item.put("message", f.message());
      if (f.evidenceLocation() == null) {
        item.putNull("evidenceLog");
      } else {
        item.put("evidenceLog", f.evidenceLocation());
      }
    }
    return o;
  }

  /**
   * 0 when nothing was marked, everything dead was recovered, or what is marked is still running; 1 when a restore
   * ran and staging is still not on its original release; 3 when something could not be checked or acted on.
   */
  static int exitCode(List<Found> found) {
    if (found.stream().anyMatch(f -> f.outcome() == Outcome.NOT_RESTORED)) {
      return ExitCodes.FAILED;
    }
    if (found.stream().anyMatch(f -> f.outcome() == Outcome.UNCHECKED)) {
      return ExitCodes.NOT_JUDGED;
    }
    return ExitCodes.OK;
  }
}
