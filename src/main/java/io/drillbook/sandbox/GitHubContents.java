package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/** The repository contents API: read files and directories, create and update files with a commit each. */
final class GitHubContents {

  private final GitHubStore store;
  private final GitHubPayloads payloads;

  GitHubContents(GitHubStore store, GitHubPayloads payloads) {
    this.store = store;
    this.payloads = payloads;
  }

  /** {@code GET /repos/{o}/{r}/contents/{path}?ref=}: a file object, or an array for a directory. */
  GitHubReply get(FakeRepo repo, String path, String ref) {
    String effectiveRef = ref == null || ref.isBlank() ? FakeRepo.DEFAULT_BRANCH : ref;
    FakeCommit commit = repo.resolve(effectiveRef);
    if (commit == null) {
      throw new GitHubError(404, "No commit found for the ref " + effectiveRef);
    }
    RepoFile file = commit.files().get(path);
    if (file != null) {
      return GitHubReply.ok(payloads.content(repo, file, effectiveRef, true));
    }
    String prefix = path.isEmpty() ? "" : path + "/";
    Map<String, ObjectNode> entries = new TreeMap<>();
    for (RepoFile candidate : commit.files().values()) {
      if (!candidate.path().startsWith(prefix)) {
        continue;
      }
      String rest = candidate.path().substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash < 0) {
        entries.put(rest, payloads.content(repo, candidate, effectiveRef, false));
      } else {
        String dir = prefix + rest.substring(0, slash);
        entries.computeIfAbsent(rest.substring(0, slash), k -> payloads.directory(repo, dir,
            GitObjects.sha1Hex("tree " + commit.treeSha() + " " + dir), effectiveRef));
      }
    }
    if (entries.isEmpty()) {
      throw GitHubError.notFound();
    }
    ArrayNode listing = GitHubPayloads.JSON.createArrayNode();
    entries.values().forEach(listing::add);
    return GitHubReply.ok(listing);
  }

  /** {@code PUT /repos/{o}/{r}/contents/{path}}: 201 for a new file, 200 for an update. */
  GitHubReply put(FakeRepo repo, String path, ObjectNode body) {
    if (path.isEmpty()) {
      throw GitHubError.notFound();
    }
    String message = text(body, "message");
    if (message == null) {
      throw GitHubError.notSupplied("message");
    }
    String content = text(body, "content");
    if (content == null) {
      throw GitHubError.notSupplied("content");
    }
    byte[] bytes = GitObjects.decodeBase64(content);
    if (bytes == null) {
      throw new GitHubError(422, "content is not valid Base64");
    }
    String branch = text(body, "branch");
    if (branch == null) {
      branch = FakeRepo.DEFAULT_BRANCH;
    }
    FakeCommit head = repo.head(branch);
    if (head == null) {
      throw new GitHubError(404, "Branch " + branch + " not found");
    }
    RepoFile existing = head.files().get(path);
    String sha = text(body, "sha");
    if (existing != null && sha == null) {
      throw GitHubError.notSupplied("sha");
    }
    if (existing != null && !existing.sha().equals(sha)) {
      throw new GitHubError(409, path + " does not match " + sha);
    }
    RepoFile file = RepoFile.of(path, bytes);
    FakeCommit commit = repo.commit(branch, message, store.now(), file);
    ObjectNode reply = GitHubPayloads.JSON.createObjectNode();
    reply.set("content", payloads.content(repo, file, branch, false));
    reply.set("commit", payloads.commit(repo, commit));
    return GitHubReply.json(existing == null ? 201 : 200, reply);
  }

  private static String text(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }
}
