package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** GitHub's issue, label and comment payloads, shaped as its REST API answers them, URLs pointing at the sandbox. */
final class GitHubIssuePayloads {
  private final GitHubPayloads base;

  GitHubIssuePayloads(GitHubPayloads base) {
    this.base = base;
  }


  ObjectNode label(FakeRepo repo, FakeIssue.Label label) {
    return GitHubPayloads.JSON.createObjectNode()
        .put("id", label.id())
        .put("node_id", GitHubPayloads.nodeId("LA", label.id()))
        .put("url", base.repoApi(repo) + "/labels/" + UrlParts.encode(label.name()))
        .put("name", label.name())
        .put("color", label.color())
        .put("default", false)
        .putNull("description");
  }

  ObjectNode issue(FakeRepo repo, FakeIssue issue) {
    String url = base.repoApi(repo) + "/issues/" + issue.number;
    ObjectNode node = GitHubPayloads.JSON.createObjectNode()
        .put("url", url)
        .put("repository_url", base.repoApi(repo))
        .put("labels_url", url + "/labels{/name}")
        .put("comments_url", url + "/comments")
        .put("events_url", url + "/events")
        .put("html_url", base.repoHtml(repo) + "/issues/" + issue.number)
        .put("id", issue.id)
        .put("node_id", GitHubPayloads.nodeId("I", issue.id))
        .put("number", issue.number)
        .put("title", issue.title);
    node.set("user", base.actor());
    ArrayNode labels = node.putArray("labels");
    issue.labels.forEach(l -> labels.add(label(repo, l)));
    node.put("state", issue.state)
        .put("locked", false)
        .putNull("assignee");
    node.putArray("assignees");
    node.putNull("milestone");
    node.put("comments", issue.comments.size())
        .put("created_at", GitHubPayloads.time(issue.createdAt))
        .put("updated_at", GitHubPayloads.time(issue.updatedAt))
        .put("closed_at", GitHubPayloads.time(issue.closedAt))
        .put("author_association", "MEMBER")
        .putNull("active_lock_reason")
        .put("body", issue.body);
    if (issue.closedAt != null) {
      node.set("closed_by", base.actor());
    } else {
      node.putNull("closed_by");
    }
    node.set("reactions", reactions(url + "/reactions"));
    node.put("timeline_url", url + "/timeline")
        .putNull("performed_via_github_app")
        .put("state_reason", issue.stateReason);
    return node;
  }

  ObjectNode comment(FakeRepo repo, FakeIssue issue, FakeIssue.Comment comment) {
    String url = base.repoApi(repo) + "/issues/comments/" + comment.id();
    ObjectNode node = GitHubPayloads.JSON.createObjectNode()
        .put("url", url)
        .put("html_url", base.repoHtml(repo) + "/issues/" + issue.number + "#issuecomment-" + comment.id())
        .put("issue_url", base.repoApi(repo) + "/issues/" + issue.number)
        .put("id", comment.id())
        .put("node_id", GitHubPayloads.nodeId("IC", comment.id()));
    node.set("user", base.actor());
    node.put("created_at", GitHubPayloads.time(comment.createdAt()))
        .put("updated_at", GitHubPayloads.time(comment.updatedAt()))
        .put("author_association", "MEMBER")
        .put("body", comment.body());
    node.set("reactions", reactions(url + "/reactions"));
    node.putNull("performed_via_github_app");
    return node;
  }

  private static ObjectNode reactions(String url) {
    ObjectNode node = GitHubPayloads.JSON.createObjectNode().put("url", url).put("total_count", 0);
    for (String r : new String[] {"+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes"}) {
      node.put(r, 0);
    }
    return node;
  }
}
