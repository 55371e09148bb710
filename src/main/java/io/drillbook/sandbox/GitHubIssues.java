package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The issues API: list, get, create, edit (close, reopen), and comments. */
final class GitHubIssues {

  // The color GitHub gives a label created implicitly by naming it on an issue.
  private static final String NEW_LABEL_COLOR = "ededed";
  private static final Set<String> STATE_REASONS = Set.of("completed", "not_planned", "reopened");

  private final GitHubStore store;
  private final GitHubPayloads payloads;
  private final GitHubIssuePayloads issuePayloads;

  GitHubIssues(GitHubStore store, GitHubPayloads payloads) {
    this.store = store;
    this.payloads = payloads;
    this.issuePayloads = new GitHubIssuePayloads(payloads);
  }

  /** {@code GET /repos/{o}/{r}/issues}: filtered by state and labels, newest first unless asked otherwise. */
  GitHubReply list(FakeRepo repo, GitHubRequest request) {
    String state = request.query().getOrDefault("state", "open");
    List<String> labels = request.query().containsKey("labels")
        ? Arrays.stream(request.query().get("labels").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
        : List.of();
    Comparator<FakeIssue> order = "updated".equals(request.query().get("sort"))
        ? Comparator.comparing((FakeIssue i) -> i.updatedAt).thenComparingInt(i -> i.number)
        : Comparator.comparingInt((FakeIssue i) -> i.number);
    if (!"asc".equals(request.query().get("direction"))) {
      order = order.reversed();
    }
    List<FakeIssue> matching = repo.issues.stream()
        .filter(i -> "all".equals(state) || i.state.equals(state))
        .filter(i -> labels.stream().allMatch(l -> i.labels.stream().anyMatch(x -> x.name().equalsIgnoreCase(l))))
        .sorted(order)
        .toList();
    Paging.Page<FakeIssue> page = Paging.page(matching, request, payloads.html());
    ArrayNode body = GitHubPayloads.JSON.createArrayNode();
    page.items().forEach(i -> body.add(issuePayloads.issue(repo, i)));
    return GitHubReply.page(body, page.link());
  }

  GitHubReply get(FakeRepo repo, String number) {
    return GitHubReply.ok(issuePayloads.issue(repo, repo.issue(number(number))));
  }

  /** {@code POST /repos/{o}/{r}/issues}. */
  GitHubReply create(FakeRepo repo, ObjectNode body) {
    JsonNode title = body.get("title");
    if (title == null || title.isNull() || title.asText().isBlank()) {
      throw GitHubError.notSupplied("title");
    }
    Instant now = store.now();
    FakeIssue issue = new FakeIssue(store.nextId(), repo.issues.size() + 1, now);
    issue.title = title.asText();
    issue.body = text(body.get("body"));
    issue.labels = labels(repo, body.get("labels"));
    repo.issues.add(issue);
    return GitHubReply.json(201, issuePayloads.issue(repo, issue));
  }

  /** {@code PATCH /repos/{o}/{r}/issues/{n}}: title, body, labels, state and state_reason. */
  GitHubReply edit(FakeRepo repo, String number, ObjectNode body) {
    FakeIssue issue = repo.issue(number(number));
    Instant now = store.now();
    String state = body.hasNonNull("state") ? body.get("state").asText() : issue.state;
    if (!state.equals("open") && !state.equals("closed")) {
      throw invalid("state");
    }
    String reason = body.hasNonNull("state_reason") ? body.get("state_reason").asText() : null;
    if (reason != null && !STATE_REASONS.contains(reason)) {
      throw invalid("state_reason");
    }
    if (body.hasNonNull("title")) {
      issue.title = body.get("title").asText();
    }
    if (body.has("body")) {
      issue.body = text(body.get("body"));
    }
    if (body.has("labels")) {
      issue.labels = labels(repo, body.get("labels"));
    }
    if (state.equals("closed") && issue.state.equals("open")) {
      issue.closedAt = now;
      issue.stateReason = reason == null ? "completed" : reason;
    } else if (state.equals("open") && issue.state.equals("closed")) {
      issue.closedAt = null;
      issue.stateReason = "reopened";
    } else if (reason != null) {
      issue.stateReason = reason;
    }
    issue.state = state;
    issue.updatedAt = now;
    return GitHubReply.ok(issuePayloads.issue(repo, issue));
  }

  /** {@code GET /repos/{o}/{r}/issues/{n}/comments}, oldest first. */
  GitHubReply comments(FakeRepo repo, String number, GitHubRequest request) {
    FakeIssue issue = repo.issue(number(number));
    Paging.Page<FakeIssue.Comment> page = Paging.page(issue.comments, request, payloads.html());
    ArrayNode body = GitHubPayloads.JSON.createArrayNode();
    page.items().forEach(c -> body.add(issuePayloads.comment(repo, issue, c)));
    return GitHubReply.page(body, page.link());
  }

  /** {@code POST /repos/{o}/{r}/issues/{n}/comments}. */
  GitHubReply comment(FakeRepo repo, String number, ObjectNode body) {
    FakeIssue issue = repo.issue(number(number));
    JsonNode text = body.get("body");
    if (text == null || text.isNull()) {
      throw GitHubError.notSupplied("body");
    }
    Instant now = store.now();
    FakeIssue.Comment comment = new FakeIssue.Comment(store.nextId(), text.asText(), now, now);
    issue.comments.add(comment);
    issue.updatedAt = now;
    return GitHubReply.json(201, issuePayloads.comment(repo, issue, comment));
  }

  private List<FakeIssue.Label> labels(FakeRepo repo, JsonNode node) {
    List<FakeIssue.Label> labels = new ArrayList<>();
    if (node == null || node.isNull()) {
      return labels;
    }
    if (!node.isArray()) {
      throw new GitHubError(422, "Invalid request.\n\nFor 'properties/labels', " + node + " is not an array.");
    }
    for (JsonNode entry : node) {
      String name = entry.isObject() ? entry.path("name").asText() : entry.asText();
      if (name.isBlank()) {
        continue;
      }
      FakeIssue.Label label = repo.labels.computeIfAbsent(name.toLowerCase(Locale.ROOT),
          k -> new FakeIssue.Label(store.nextId(), name, NEW_LABEL_COLOR));
      if (!labels.contains(label)) {
        labels.add(label);
      }
    }
    return labels;
  }

  private static GitHubError invalid(String field) {
    ObjectNode error = GitHubPayloads.JSON.createObjectNode()
        .put("resource", "Issue").put("code", "invalid").put("field", field);
    return new GitHubError(422, "Validation Failed", GitHubPayloads.JSON.createArrayNode().add(error));
  }

  private static int number(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw GitHubError.notFound();
    }
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }
}
