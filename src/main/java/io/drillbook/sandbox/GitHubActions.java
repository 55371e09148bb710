package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The Actions API: the repository's one workflow, dispatching it, and its runs. */
final class GitHubActions {

  private final GitHubStore store;
  private final GitHubPayloads payloads;
  private final WorkflowRunner runner;
  private final boolean olderServer;

  GitHubActions(GitHubStore store, GitHubPayloads payloads, WorkflowRunner runner, boolean olderServer) {
    this.store = store;
    this.payloads = payloads;
    this.runner = runner;
    this.olderServer = olderServer;
  }

  /** {@code GET /repos/{o}/{r}/actions/workflows}. */
  GitHubReply workflows(FakeRepo repo) {
    ObjectNode body = GitHubPayloads.JSON.createObjectNode().put("total_count", 1);
    body.putArray("workflows").add(payloads.workflow(repo, workflowAt(repo.head(FakeRepo.DEFAULT_BRANCH))));
    return GitHubReply.ok(body);
  }

  /** {@code GET /repos/{o}/{r}/actions/workflows/{id or file name}}. */
  GitHubReply workflow(FakeRepo repo, String idOrFile) {
    requireWorkflow(repo, idOrFile);
    return GitHubReply.ok(payloads.workflow(repo, workflowAt(repo.head(FakeRepo.DEFAULT_BRANCH))));
  }

  /** {@code POST .../workflows/{id}/dispatches}: validates like GitHub, then queues a run. */
  GitHubReply dispatch(FakeRepo repo, String idOrFile, ObjectNode body) {
    requireWorkflow(repo, idOrFile);
    if (olderServer && body.has("return_run_details")) {
      throw new GitHubError(400, "Invalid request.\n\n\"return_run_details\" is not a permitted key.");
    }
    JsonNode refNode = body.get("ref");
    if (refNode == null || refNode.isNull()) {
      throw GitHubError.notSupplied("ref");
    }
    String ref = refNode.asText();
    String branch = ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
    if (!repo.branches.containsKey(branch)) {
      throw new GitHubError(422, "No ref found for: " + ref);
    }
    FakeCommit head = repo.head(branch);
    WorkflowFile workflow = workflowAt(head);
    Map<String, String> inputs = workflow.resolve(inputs(body.get("inputs")));
    Instant now = store.now();
    FakeRun run = new FakeRun(store.nextId(), repo.runs.size() + 1L, workflow.name(),
        workflow.displayTitle(inputs, GitHubStore.ACTOR, branch), head, branch, inputs, now);
    repo.runs.add(run);
    runner.start(repo, run);
    JsonNode details = body.get("return_run_details");
    if (details != null && details.isBoolean() && details.booleanValue()) {
      ObjectNode reply = GitHubPayloads.JSON.createObjectNode()
          .put("workflow_run_id", run.id)
          .put("run_url", payloads.repoApi(repo) + "/actions/runs/" + run.id)
          .put("html_url", payloads.runHtml(repo, run));
      return GitHubReply.ok(reply);
    }
    return GitHubReply.noContent();
  }

  /** {@code GET /repos/{o}/{r}/actions/runs/{id}}. */
  GitHubReply run(FakeRepo repo, String runId) {
    try {
      return GitHubReply.ok(payloads.run(repo, repo.run(Long.parseLong(runId))));
    } catch (NumberFormatException e) {
      throw GitHubError.notFound();
    }
  }

  /** Run lists, newest first; {@code idOrFile} null lists the runs of every workflow. */
  GitHubReply runs(FakeRepo repo, String idOrFile, GitHubRequest request) {
    if (idOrFile != null) {
      requireWorkflow(repo, idOrFile);
    }
    Predicate<FakeRun> filter = filter(request.query());
    List<FakeRun> matching = repo.runs.stream()
        .filter(filter)
        .sorted(Comparator.comparing((FakeRun r) -> r.createdAt).thenComparingLong(r -> r.id).reversed())
        .toList();
    Paging.Page<FakeRun> page = Paging.page(matching, request, payloads.html());
    ObjectNode body = GitHubPayloads.JSON.createObjectNode().put("total_count", page.total());
    ArrayNode runs = body.putArray("workflow_runs");
    page.items().forEach(r -> runs.add(payloads.run(repo, r)));
    return GitHubReply.page(body, page.link());
  }

  private static Predicate<FakeRun> filter(Map<String, String> query) {
    Predicate<FakeRun> filter = r -> true;
    String event = query.get("event");
    if (event != null && !event.isBlank()) {
      filter = filter.and(r -> "workflow_dispatch".equals(event));
    }
    String status = query.get("status");
    if (status != null && !status.isBlank()) {
      // GitHub's status filter takes statuses and conclusions alike.
      filter = filter.and(r -> status.equals(r.status) || status.equals(r.conclusion));
    }
    String branch = query.get("branch");
    if (branch != null && !branch.isBlank()) {
      filter = filter.and(r -> branch.equals(r.headBranch));
    }
    String actor = query.get("actor");
    if (actor != null && !actor.isBlank()) {
      filter = filter.and(r -> GitHubStore.ACTOR.equalsIgnoreCase(actor));
    }
    String headSha = query.get("head_sha");
    if (headSha != null && !headSha.isBlank()) {
      filter = filter.and(r -> headSha.equalsIgnoreCase(r.headCommit.sha()));
    }
    String created = query.get("created");
    if (created != null && !created.isBlank()) {
      Predicate<Instant> when = CreatedFilter.parse(created);
      filter = filter.and(r -> when.test(r.createdAt));
    }
    return filter;
  }

  private static Map<String, String> inputs(JsonNode node) {
    Map<String, String> inputs = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return inputs;
    }
    if (!node.isObject()) {
      throw new GitHubError(422, "Invalid request.\n\nFor 'properties/inputs', " + node + " is not an object.");
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      JsonNode value = entry.getValue();
      if (value.isContainerNode()) {
        throw new GitHubError(422, "Invalid request.\n\nFor 'properties/" + entry.getKey() + "', " + value
            + " is not a string.");
      }
      inputs.put(entry.getKey(), value.isNull() ? "" : value.asText());
    }
    return inputs;
  }

  private static void requireWorkflow(FakeRepo repo, String idOrFile) {
    if (!repo.isWorkflow(idOrFile)) {
      throw GitHubError.notFound();
    }
  }

  private static WorkflowFile workflowAt(FakeCommit commit) {
    RepoFile file = commit.files().get(FakeRepo.WORKFLOW_PATH);
    if (file == null) {
      throw GitHubError.notFound();
    }
    return WorkflowFile.parse(FakeRepo.WORKFLOW_PATH, new String(file.bytes(), StandardCharsets.UTF_8));
  }
}
