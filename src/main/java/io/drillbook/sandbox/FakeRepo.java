package io.drillbook.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One repository of the fake GitHub: its branch, commits, issues, labels and workflow runs.
 * Mutable, guarded by the {@link GitHubStore} lock.
 */
final class FakeRepo {

  static final String DEFAULT_BRANCH = "main";
  static final String WORKFLOW_FILE = "cd-rollback.yml";
  static final String WORKFLOW_PATH = ".github/workflows/" + WORKFLOW_FILE;

  final long id;
  final String owner;
  final String name;
  final SeedDeployment seed;
  final Instant createdAt;
  final long workflowId;
  final Map<String, String> branches = new LinkedHashMap<>();
  final Map<String, FakeCommit> commits = new HashMap<>();
  final List<FakeIssue> issues = new ArrayList<>();
  final Map<String, FakeIssue.Label> labels = new LinkedHashMap<>();
  final List<FakeRun> runs = new ArrayList<>();
  Instant pushedAt;

  FakeRepo(long id, String owner, String name, SeedDeployment seed, Instant createdAt, long workflowId) {
    this.id = id;
    this.owner = owner;
    this.name = name;
    this.seed = seed;
    this.createdAt = createdAt;
    this.workflowId = workflowId;
  }

  String fullName() {
    return owner + "/" + name;
  }

  /** The commit a branch name, {@code refs/heads/} name or commit sha points at, or null. */
  FakeCommit resolve(String ref) {
    String branch = ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
    String sha = branches.get(branch);
    if (sha != null) {
      return commits.get(sha);
    }
    return commits.get(ref.toLowerCase(Locale.ROOT));
  }

  FakeCommit head(String branch) {
    return commits.get(branches.get(branch));
  }

  /** Commits the change on the branch and moves it. */
  FakeCommit commit(String branch, String message, Instant at, RepoFile file) {
    FakeCommit parent = head(branch);
    Map<String, RepoFile> files = new HashMap<>(parent == null ? Map.of() : parent.files());
    files.put(file.path(), file);
    FakeCommit commit = FakeCommit.create(parent, message, at, files, List.of(file.path()));
    commits.put(commit.sha(), commit);
    branches.put(branch, commit.sha());
    pushedAt = at;
    return commit;
  }

  /** Commits on the default branch, newest first. */
  List<FakeCommit> history() {
    List<FakeCommit> out = new ArrayList<>();
    for (FakeCommit c = head(DEFAULT_BRANCH); c != null; c = c.parentSha() == null ? null : commits.get(c.parentSha())) {
      out.add(c);
    }
    return out;
  }

  /** The issue with this number, or a 404. */
  FakeIssue issue(int number) {
    return issues.stream().filter(i -> i.number == number).findFirst().orElseThrow(GitHubError::notFound);
  }

  FakeRun run(long runId) {
    return runs.stream().filter(r -> r.id == runId).findFirst().orElseThrow(GitHubError::notFound);
  }

  boolean isWorkflow(String idOrFile) {
    return WORKFLOW_FILE.equals(idOrFile) || Long.toString(workflowId).equals(idOrFile);
  }
}
