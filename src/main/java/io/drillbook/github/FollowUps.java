package io.drillbook.github;

import io.drillbook.config.FollowUpConfig;
import io.drillbook.drill.CheckResult;
import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.Fact;
import io.drillbook.drill.FollowUpTracker;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.Verdict;
import io.drillbook.github.GitHubValues.Issue;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes sure a human hears about a failed drill: one open follow-up issue per drill, commented on by later failures,
 * commented on and closed by the next pass.
 */
public final class FollowUps implements FollowUpTracker {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private final GitHubClient github;
  private final FollowUpConfig config;

  public FollowUps(GitHubClient github, FollowUpConfig config) {
    this.github = github;
    this.config = config;
  }

  static String titlePrefix(String drill) {
    return "Rollback drill failed: " + drill + " (";
  }

  @Override
  public DrillRecord track(DrillRecord record, String evidenceLink) throws GitHubException {
    boolean failed = record.verdict() == Verdict.FAIL;
    boolean passed = record.verdict() == Verdict.PASS;
    if (!failed && !(passed && config.closeOnPass())) {
      return record;
    }
    Optional<Issue> open = github.openIssues(config.repository(), config.labels()).stream()
        .filter(i -> i.title().startsWith(titlePrefix(record.drill())))
        .min((a, b) -> Integer.compare(a.number(), b.number()));
    if (failed) {
      String body = body(record, evidenceLink);
      if (open.isPresent()) {
        github.comment(config.repository(), open.get().number(), "The drill failed again.\n\n" + body);
        return followedUp(record, open.get().htmlUrl(), Fact.FollowUpAction.COMMENTED);
      }
      Issue created = github.createIssue(config.repository(),
          titlePrefix(record.drill()) + DAY.format(record.startedAt()) + ")", body, config.labels());
      return followedUp(record, created.htmlUrl(), Fact.FollowUpAction.OPENED);
    }
    if (open.isEmpty()) {
      return record;
    }
    github.comment(config.repository(), open.get().number(), "Drill `" + record.drillId() + "` passed: recovered in "
        + seconds(record.recoverySeconds()) + " against an objective of " + seconds(record.objectiveSeconds())
        + ". Closing this follow-up.\n\nEvidence: " + evidenceLink);
    github.close(config.repository(), open.get().number());
    return followedUp(record, open.get().htmlUrl(), Fact.FollowUpAction.CLOSED);
  }

  /** The issue text: what failed, recovery against objective, the offending commit, links. */
  static String body(DrillRecord r, String evidenceLink) {
    StringBuilder sb = new StringBuilder();
    sb.append("Rollback drill `").append(r.drill()).append("` ended **FAIL** on ").append(r.namespace()).append('/')
        .append(r.deployment()).append(" (").append(r.environment()).append(", method ").append(r.method())
        .append(").\n\n");
    sb.append("**Why:** ").append(r.reason()).append("\n\n");
    List<PhaseResult> failedPhases = r.phases().stream().filter(p -> !p.ok()).toList();
    for (PhaseResult p : failedPhases) {
      sb.append("- Phase `").append(p.name()).append("` failed after ")
          .append(String.format(Locale.ROOT, "%.3f s", p.seconds())).append(": ").append(p.detail()).append('\n');
    }
    for (CheckResult c : r.checks()) {
      if (!c.ok()) {
        sb.append("- Check `").append(c.name()).append("` failed: ").append(c.detail()).append('\n');
      }
    }
    sb.append("\n| | |\n| --- | --- |\n");
    sb.append("| Drill id | `").append(r.drillId()).append("` |\n");
    sb.append("| Started | ").append(r.startedAt()).append(" |\n");
    sb.append("| Recovery | ").append(seconds(r.recoverySeconds())).append(" (objective ")
        .append(seconds(r.objectiveSeconds())).append(") |\n");
    sb.append("| Rolled back from | revision ").append(r.fromRevision()).append(", `").append(r.fromImage())
        .append("` |\n");
    sb.append("| Rolled back to | revision ").append(r.toRevision()).append(", `").append(r.toImage()).append("` |\n");
    String commit = Fact.OFFENDING_COMMIT.in(r.facts()).or(() -> Fact.HEAD_SHA.in(r.facts())).orElse(null);
    sb.append("| Offending commit | ").append(commit == null ? "unknown (no org.opencontainers.image.revision "
        + "annotation, no workflow run)" : "`" + commit + "`").append(" |\n");
    sb.append("| Failing alerts | ").append(cell(Fact.FAILING_ALERTS.in(r.facts())
        .orElse("not checked (no Prometheus configured)"))).append(" |\n");
    Fact.ALERTS_AFTER_RESTORE.in(r.facts()).ifPresent(after -> sb.append("| Alerts active after the restore | ")
        .append(cell(after)).append(" |\n"));
    Fact.ALERTS_CHECKED.in(r.facts()).ifPresent(checked -> sb.append("| Alerts checked | ").append(cell(checked))
        .append(" |\n"));
    sb.append("| Staging restored | ").append(r.restored() ? "yes" : "**NO**").append(": ")
        .append(r.restoreDetail()).append(" |\n");
    Fact.RUN_URL.in(r.facts()).ifPresent(url -> sb.append("| Workflow run | ").append(url).append(" |\n"));
    sb.append("| Evidence | ").append(evidenceLink).append(" |\n");
    return sb.toString();
  }

  /** Alert labels are free text: a pipe would end the table cell. */
  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  private static DrillRecord followedUp(DrillRecord record, String issueUrl, Fact.FollowUpAction action) {
    return record.withFact(Fact.FOLLOW_UP_ISSUE.name(), issueUrl)
        .withFact(Fact.FOLLOW_UP_ACTION.name(), Fact.FOLLOW_UP_ACTION.text(action));
  }

  private static String seconds(Double s) {
    return s == null ? "not recovered" : String.format(Locale.ROOT, "%.3f s", s);
  }
}
