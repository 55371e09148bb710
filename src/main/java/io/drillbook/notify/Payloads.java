package io.drillbook.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.Fact;
import java.util.Locale;

/** What a webhook receives: Slack's {@code {"text": ...}} or drillbook's own JSON document. */
final class Payloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Payloads() {
  }

  /** A Slack incoming-webhook message (also what Mattermost and Rocket.Chat accept): mrkdwn text. */
  static String slack(DrillRecord r, String evidenceLink) {
    StringBuilder text = new StringBuilder();
    text.append(r.verdict() == io.drillbook.drill.Verdict.FAIL ? ":rotating_light: " : "")
        .append("*Rollback drill ").append(r.verdict()).append("*: `").append(escape(r.drill())).append("` on `")
        .append(escape(r.namespace() + "/" + r.deployment())).append("` (").append(escape(r.environment()))
        .append(", ").append(escape(r.method())).append(")\n");
    text.append("Recovery: ").append(recovery(r)).append('\n');
    text.append("Why: ").append(escape(r.reason())).append('\n');
    if (!r.restored()) {
      text.append("*Staging NOT restored:* ").append(escape(r.restoreDetail())).append('\n');
    }
    Fact.FAILING_ALERTS.in(r.facts()).ifPresent(a -> text.append("Failing alerts: ").append(escape(a)).append('\n'));
    text.append("Evidence: ").append(escape(evidenceLink));
    Fact.FOLLOW_UP_ISSUE.in(r.facts()).ifPresent(url -> text.append("\nFollow-up: ").append(url));
    ObjectNode body = JSON.createObjectNode().put("text", text.toString());
    return body.toString();
  }

  /** drillbook's JSON document for generic receivers. */
  static String json(DrillRecord r, String evidenceLink) {
    ObjectNode body = JSON.createObjectNode();
    body.put("event", "drillbook.drill.finished");
    body.put("drill", r.drill());
    body.put("drillId", r.drillId());
    body.put("verdict", r.verdict().name());
    body.put("reason", r.reason());
    body.put("method", r.method());
    body.put("environment", r.environment());
    body.putObject("target").put("namespace", r.namespace()).put("deployment", r.deployment());
    body.put("startedAt", r.startedAt().toString());
    if (r.recoverySeconds() == null) {
      body.putNull("recoverySeconds");
    } else {
      body.put("recoverySeconds", r.recoverySeconds());
    }
    body.put("objectiveSeconds", r.objectiveSeconds());
    if (r.recoverySeconds() == null) {
      body.putNull("withinObjective");
    } else {
      body.put("withinObjective", r.recoverySeconds() <= r.objectiveSeconds());
    }
    body.put("restored", r.restored());
    body.put("evidence", evidenceLink);
    String issue = Fact.FOLLOW_UP_ISSUE.in(r.facts()).map(Object::toString).orElse(null);
    if (issue == null) {
      body.putNull("followUpIssue");
    } else {
      body.put("followUpIssue", issue);
    }
    String alerts = Fact.FAILING_ALERTS.in(r.facts()).orElse(null);
    if (alerts == null) {
      body.putNull("failingAlerts");
    } else {
      body.put("failingAlerts", alerts);
    }
    return body.toString();
  }

  private static String recovery(DrillRecord r) {
    return r.recoverySeconds() == null
        ? "not recovered (objective " + String.format(Locale.ROOT, "%.0f s", r.objectiveSeconds()) + ")"
        : String.format(Locale.ROOT, "%.1f s against an objective of %.0f s%s", r.recoverySeconds(),
            r.objectiveSeconds(), r.recoverySeconds() > r.objectiveSeconds() ? " (over)" : "");
  }

  /** Slack's three control characters in mrkdwn text. */
  private static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
