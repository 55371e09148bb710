package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;

/**
 * JSON shaped like GitHub's REST responses, with every URL pointing at the sandbox: API URLs under
 * {@code <base>/api/v3}, web URLs directly under {@code <base>}, like GitHub Enterprise Server.
 */
final class GitHubPayloads {

  static final ObjectMapper JSON = new ObjectMapper();

  private final String api;
  private final String html;

  GitHubPayloads(String baseUrl) {
    this.html = baseUrl;
    this.api = baseUrl + GitHubApi.PREFIX;
  }

  String api() {
    return api;
  }

  String html() {
    return html;
  }

  /** GitHub's global node ids: a type prefix, then opaque base64. */
  static String nodeId(String type, long id) {
    byte[] bytes = ByteBuffer.allocate(12).putInt(0x0a0b0c0d).putLong(id).array();
    return type + "_kwDO" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  ObjectNode user(String login, long id, String type) {
    String url = api + "/users/" + login;
    return JSON.createObjectNode()
        .put("login", login)
        .put("id", id)
        .put("node_id", nodeId("Organization".equals(type) ? "O" : "U", id))
        .put("avatar_url", html + "/avatars/u/" + id)
        .put("gravatar_id", "")
        .put("url", url)
        .put("html_url", html + "/" + login)
        .put("followers_url", url + "/followers")
        .put("following_url", url + "/following{/other_user}")
        .put("gists_url", url + "/gists{/gist_id}")
        .put("starred_url", url + "/starred{/owner}{/repo}")
        .put("subscriptions_url", url + "/subscriptions")
        .put("organizations_url", url + "/orgs")
        .put("repos_url", url + "/repos")
        .put("events_url", url + "/events{/privacy}")
        .put("received_events_url", url + "/received_events")
        .put("type", type)
        .put("user_view_type", "public")
        .put("site_admin", false);
  }

  ObjectNode actor() {
    return user(GitHubStore.ACTOR, GitHubStore.ACTOR_ID, "User");
  }

  /**
   * {@code GET /user}: the token's own account, with the private fields GitHub adds for the authenticated user (its
   * "private-user" schema).
   */
  ObjectNode authenticatedUser() {
    return actor()
        .put("name", "drillbook sandbox bot")
        .put("company", "")
        .put("blog", "")
        .put("location", "")
        .put("email", GitHubStore.ACTOR + "@users.noreply.example")
        .put("hireable", false)
        .put("bio", "")
        .put("public_repos", 1)
        .put("public_gists", 0)
        .put("followers", 0)
        .put("following", 0)
        .put("created_at", "2024-01-01T00:00:00Z")
        .put("updated_at", "2024-01-01T00:00:00Z")
        .put("private_gists", 0)
        .put("total_private_repos", 1)
        .put("owned_private_repos", 0)
        .put("disk_usage", 0)
        .put("collaborators", 0)
        .put("two_factor_authentication", true);
  }

  ObjectNode owner() {
    return user(GitHubStore.OWNER, GitHubStore.OWNER_ID, "Organization");
  }

  String repoApi(FakeRepo repo) {
    return api + "/repos/" + repo.fullName();
  }

  String repoHtml(FakeRepo repo) {
    return html + "/" + repo.fullName();
  }

  /** The "simple repository" embedded in runs and events. */
  ObjectNode simpleRepository(FakeRepo repo) {
    String url = repoApi(repo);
    ObjectNode node = JSON.createObjectNode()
        .put("id", repo.id)
        .put("node_id", nodeId("R", repo.id))
        .put("name", repo.name)
        .put("full_name", repo.fullName())
        .put("private", true);
    node.set("owner", owner());
    node.put("html_url", repoHtml(repo))
        .put("description", "Sandbox service " + repo.seed.namespace() + "/" + repo.seed.name())
        .put("fork", false)
        .put("url", url);
    String[][] templates = {
        {"forks_url", "/forks"}, {"keys_url", "/keys{/key_id}"}, {"collaborators_url", "/collaborators{/collaborator}"},
        {"teams_url", "/teams"}, {"hooks_url", "/hooks"}, {"issue_events_url", "/issues/events{/number}"},
        {"events_url", "/events"}, {"assignees_url", "/assignees{/user}"}, {"branches_url", "/branches{/branch}"},
        {"tags_url", "/tags"}, {"blobs_url", "/git/blobs{/sha}"}, {"git_tags_url", "/git/tags{/sha}"},
        {"git_refs_url", "/git/refs{/sha}"}, {"trees_url", "/git/trees{/sha}"}, {"statuses_url", "/statuses/{sha}"},
        {"languages_url", "/languages"}, {"stargazers_url", "/stargazers"}, {"contributors_url", "/contributors"},
        {"subscribers_url", "/subscribers"}, {"subscription_url", "/subscription"}, {"commits_url", "/commits{/sha}"},
        {"git_commits_url", "/git/commits{/sha}"}, {"comments_url", "/comments{/number}"},
        {"issue_comment_url", "/issues/comments{/number}"}, {"contents_url", "/contents/{+path}"},
        {"compare_url", "/compare/{base}...{head}"}, {"merges_url", "/merges"},
        {"archive_url", "/{archive_format}{/ref}"}, {"downloads_url", "/downloads"}, {"issues_url", "/issues{/number}"},
        {"pulls_url", "/pulls{/number}"}, {"milestones_url", "/milestones{/number}"},
        {"notifications_url", "/notifications{?since,all,participating}"}, {"labels_url", "/labels{/name}"},
        {"releases_url", "/releases{/id}"}, {"deployments_url", "/deployments"}};
    for (String[] t : templates) {
      node.put(t[0], url + t[1]);
    }
    return node;
  }

  /** The full repository object of {@code GET /repos/{owner}/{repo}}. */
  ObjectNode repository(FakeRepo repo, long openIssues) {
    ObjectNode node = simpleRepository(repo);
    String host = html.replaceFirst("^https?://", "");
    node.put("created_at", time(repo.createdAt))
        .put("updated_at", time(repo.pushedAt))
        .put("pushed_at", time(repo.pushedAt))
        .put("git_url", "git://" + host + "/" + repo.fullName() + ".git")
        .put("ssh_url", "git@" + host.replaceFirst(":\\d+$", "") + ":" + repo.fullName() + ".git")
        .put("clone_url", repoHtml(repo) + ".git")
        .put("svn_url", repoHtml(repo))
        .putNull("homepage")
        .put("size", 12)
        .put("stargazers_count", 0)
        .put("watchers_count", 0)
        .put("language", "Shell")
        .put("has_issues", true)
        .put("has_projects", false)
        .put("has_downloads", true)
        .put("has_wiki", false)
        .put("has_pages", false)
        .put("has_discussions", false)
        .put("forks_count", 0)
        .putNull("mirror_url")
        .put("archived", false)
        .put("disabled", false)
        .put("open_issues_count", openIssues)
        .putNull("license")
        .put("allow_forking", false)
        .put("is_template", false)
        .put("web_commit_signoff_required", false);
    node.putArray("topics").add("sandbox").add("rollback-drill");
    node.put("visibility", "private")
        .put("forks", 0)
        .put("open_issues", openIssues)
        .put("watchers", 0)
        .put("default_branch", FakeRepo.DEFAULT_BRANCH);
    node.putObject("permissions").put("admin", true).put("maintain", true).put("push", true).put("triage", true)
        .put("pull", true);
    node.put("allow_squash_merge", true)
        .put("allow_merge_commit", true)
        .put("allow_rebase_merge", true)
        .put("allow_auto_merge", false)
        .put("delete_branch_on_merge", false)
        .put("allow_update_branch", false)
        .put("use_squash_pr_title_as_default", false)
        .put("squash_merge_commit_message", "COMMIT_MESSAGES")
        .put("squash_merge_commit_title", "COMMIT_OR_PR_TITLE")
        .put("merge_commit_message", "PR_TITLE")
        .put("merge_commit_title", "MERGE_MESSAGE");
    node.set("organization", owner());
    node.put("network_count", 0).put("subscribers_count", 1);
    return node;
  }

  ObjectNode workflow(FakeRepo repo, WorkflowFile file) {
    return JSON.createObjectNode()
        .put("id", repo.workflowId)
        .put("node_id", nodeId("W", repo.workflowId))
        .put("name", file.name())
        .put("path", FakeRepo.WORKFLOW_PATH)
        .put("state", "active")
        .put("created_at", time(repo.createdAt))
        .put("updated_at", time(repo.createdAt))
        .put("url", repoApi(repo) + "/actions/workflows/" + repo.workflowId)
        .put("html_url", repoHtml(repo) + "/blob/" + FakeRepo.DEFAULT_BRANCH + "/" + FakeRepo.WORKFLOW_PATH)
        .put("badge_url", repoHtml(repo) + "/workflows/" + FakeRepo.WORKFLOW_FILE + "/badge.svg");
  }

  ObjectNode run(FakeRepo repo, FakeRun run) {
    String url = repoApi(repo) + "/actions/runs/" + run.id;
    ObjectNode node = JSON.createObjectNode()
        .put("id", run.id)
        .put("name", run.workflowName)
        .put("node_id", nodeId("WFR", run.id))
        .put("head_branch", run.headBranch)
        .put("head_sha", run.headCommit.sha())
        .put("path", FakeRepo.WORKFLOW_PATH)
        .put("display_title", run.displayTitle)
        .put("run_number", run.runNumber)
        .put("event", "workflow_dispatch")
        .put("status", run.status)
        .put("conclusion", run.conclusion)
        .put("workflow_id", repo.workflowId)
        .put("check_suite_id", run.id + 1_000_000_000L)
        .put("check_suite_node_id", nodeId("CS", run.id + 1_000_000_000L))
        .put("url", url)
        .put("html_url", runHtml(repo, run));
    node.putArray("pull_requests");
    node.put("created_at", time(run.createdAt))
        .put("updated_at", time(run.updatedAt));
    node.set("actor", actor());
    node.put("run_attempt", 1);
    node.putArray("referenced_workflows");
    node.put("run_started_at", time(run.runStartedAt == null ? run.createdAt : run.runStartedAt));
    node.set("triggering_actor", actor());
    node.put("jobs_url", url + "/jobs")
        .put("logs_url", url + "/logs")
        .put("check_suites_url", repoApi(repo) + "/check-suites/" + (run.id + 1_000_000_000L))
        .put("check_suite_url", repoApi(repo) + "/check-suites/" + (run.id + 1_000_000_000L))
        .put("artifacts_url", url + "/artifacts")
        .put("cancel_url", url + "/cancel")
        .put("rerun_url", url + "/rerun")
        .putNull("previous_attempt_url")
        .put("workflow_url", repoApi(repo) + "/actions/workflows/" + repo.workflowId);
    node.set("head_commit", headCommit(run.headCommit));
    node.set("repository", simpleRepository(repo));
    node.set("head_repository", simpleRepository(repo));
    return node;
  }

  String runHtml(FakeRepo repo, FakeRun run) {
    return repoHtml(repo) + "/actions/runs/" + run.id;
  }

  private ObjectNode headCommit(FakeCommit commit) {
    ObjectNode node = JSON.createObjectNode()
        .put("id", commit.sha())
        .put("tree_id", commit.treeSha())
        .put("message", commit.message())
        .put("timestamp", time(commit.at()));
    node.putObject("author").put("name", GitHubStore.ACTOR).put("email", GitHubStore.ACTOR + "@users.noreply");
    node.putObject("committer").put("name", GitHubStore.ACTOR).put("email", GitHubStore.ACTOR + "@users.noreply");
    return node;
  }

  /** A file's content object; {@code withContent} adds the base64 body as {@code GET} returns it. */
  ObjectNode content(FakeRepo repo, RepoFile file, String ref, boolean withContent) {
    String url = repoApi(repo) + "/contents/" + UrlParts.encodePath(file.path()) + "?ref=" + UrlParts.encode(ref);
    String gitUrl = repoApi(repo) + "/git/blobs/" + file.sha();
    String htmlUrl = repoHtml(repo) + "/blob/" + ref + "/" + UrlParts.encodePath(file.path());
    ObjectNode node = JSON.createObjectNode();
    if (withContent) {
      node.put("type", "file").put("encoding", "base64");
    }
    node.put("size", file.bytes().length)
        .put("name", file.name())
        .put("path", file.path());
    if (withContent) {
      node.put("content", GitObjects.wrappedBase64(file.bytes()));
    }
    node.put("sha", file.sha())
        .put("url", url)
        .put("git_url", gitUrl)
        .put("html_url", htmlUrl)
        .put("download_url", html + "/raw/" + repo.fullName() + "/" + ref + "/" + UrlParts.encodePath(file.path()));
    if (!withContent) {
      node.put("type", "file");
    }
    node.putObject("_links").put("self", url).put("git", gitUrl).put("html", htmlUrl);
    return node;
  }

  /** A directory entry, as listed by {@code GET contents} of a directory. */
  ObjectNode directory(FakeRepo repo, String path, String treeSha, String ref) {
    String url = repoApi(repo) + "/contents/" + UrlParts.encodePath(path) + "?ref=" + UrlParts.encode(ref);
    String gitUrl = repoApi(repo) + "/git/trees/" + treeSha;
    String htmlUrl = repoHtml(repo) + "/tree/" + ref + "/" + UrlParts.encodePath(path);
    ObjectNode node = JSON.createObjectNode()
        .put("name", path.substring(path.lastIndexOf('/') + 1))
        .put("path", path)
        .put("sha", treeSha)
        .put("size", 0)
        .put("url", url)
        .put("html_url", htmlUrl)
        .put("git_url", gitUrl)
        .putNull("download_url")
        .put("type", "dir");
    node.putObject("_links").put("self", url).put("git", gitUrl).put("html", htmlUrl);
    return node;
  }

  /** The git commit object of a contents write. */
  ObjectNode commit(FakeRepo repo, FakeCommit commit) {
    ObjectNode node = JSON.createObjectNode()
        .put("sha", commit.sha())
        .put("node_id", nodeId("C", commit.sha().hashCode() & 0xffffffffL))
        .put("url", repoApi(repo) + "/git/commits/" + commit.sha())
        .put("html_url", repoHtml(repo) + "/commit/" + commit.sha());
    node.set("author", person(commit.at()));
    node.set("committer", person(commit.at()));
    node.put("message", commit.message());
    node.putObject("tree").put("url", repoApi(repo) + "/git/trees/" + commit.treeSha()).put("sha", commit.treeSha());
    ArrayNode parents = node.putArray("parents");
    if (commit.parentSha() != null) {
      parents.addObject()
          .put("url", repoApi(repo) + "/git/commits/" + commit.parentSha())
          .put("html_url", repoHtml(repo) + "/commit/" + commit.parentSha())
          .put("sha", commit.parentSha());
    }
    node.putObject("verification").put("verified", false).put("reason", "unsigned").putNull("signature")
        .putNull("payload").putNull("verified_at");
    return node;
  }

  private static ObjectNode person(Instant at) {
    return JSON.createObjectNode()
        .put("name", GitHubStore.ACTOR)
        .put("email", GitHubStore.ACTOR + "@users.noreply")
        .put("date", time(at));
  }
}
