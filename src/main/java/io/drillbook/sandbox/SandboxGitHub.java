package io.drillbook.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only view of the sandbox's fake GitHub, for tests and for showing what a drill did.
 * Repositories are named {@code owner/name}, e.g. {@code sandbox/maestro-orchestrator}; an unknown one is an
 * {@link IllegalArgumentException}.
 */
public final class SandboxGitHub {

  /**
   * An issue as it is now.
   *
   * @param number issue number within its repository
   * @param title title
   * @param state {@code open} or {@code closed}
   * @param stateReason {@code completed}, {@code not_planned}, {@code reopened} or null
   * @param labels label names in the order they were set
   * @param body body text, or null
   */
  public record Issue(int number, String title, String state, String stateReason, List<String> labels,
      String body) {}

  /**
   * An issue comment.
   *
   * @param id comment id
   * @param body comment text
   */
  public record Comment(long id, String body) {}

  /**
   * A workflow run.
   *
   * @param id run id, as in {@code /actions/runs/{id}}
   * @param runNumber number of the run within its workflow, from 1
   * @param status {@code queued}, {@code in_progress} or {@code completed}
   * @param conclusion {@code success} or {@code failure} once completed, else null
   * @param inputs the dispatch inputs, completed with the workflow's defaults
   * @param displayTitle the run's title as GitHub shows it
   * @param queuedFor how long it stayed {@code queued}, at the sandbox clock's precision (GitHub's timestamps have
   *     only seconds), or null while it still is
   */
  public record Run(long id, long runNumber, String status, String conclusion, Map<String, String> inputs,
      String displayTitle, java.time.Duration queuedFor) {}

  /**
   * A commit on the default branch.
   *
   * @param sha commit id
   * @param message commit message
   * @param changedPaths paths the commit added or changed
   */
  public record Commit(String sha, String message, List<String> changedPaths) {}

  private final GitHubStore store;

  SandboxGitHub(GitHubStore store) {
    this.store = store;
  }

  /** Full names of every repository, one per seeded Deployment. */
  public List<String> repositories() {
    return store.repos().stream().map(FakeRepo::fullName).toList();
  }

  /** Every issue of the repository, oldest first. */
  public List<Issue> issues(String repository) {
    synchronized (store) {
      return repo(repository).issues.stream()
          .map(i -> new Issue(i.number, i.title, i.state, i.stateReason,
              i.labels.stream().map(FakeIssue.Label::name).toList(), i.body))
          .toList();
    }
  }

  /** The comments of one issue, oldest first; empty when there is no such issue. */
  public List<Comment> comments(String repository, int issueNumber) {
    synchronized (store) {
      return repo(repository).issues.stream().filter(i -> i.number == issueNumber).findFirst()
          .map(i -> i.comments.stream().map(c -> new Comment(c.id(), c.body())).toList())
          .orElse(List.of());
    }
  }

  /** Every workflow run of the repository, in dispatch order. */
  public List<Run> runs(String repository) {
    synchronized (store) {
      return repo(repository).runs.stream()
          .map(r -> new Run(r.id, r.runNumber, r.status, r.conclusion, r.inputs, r.displayTitle,
              r.queuedFor))
          .toList();
    }
  }

  /** A file's text on the default branch, or empty when there is no such file. */
  public Optional<String> file(String repository, String path) {
    synchronized (store) {
      RepoFile file = repo(repository).head(FakeRepo.DEFAULT_BRANCH).files().get(path);
      return Optional.ofNullable(file).map(f -> new String(f.bytes(), StandardCharsets.UTF_8));
    }
  }

  /** Commits of the default branch, newest first (the last one is the repository's initial commit). */
  public List<Commit> commits(String repository) {
    synchronized (store) {
      return repo(repository).history().stream()
          .map(c -> new Commit(c.sha(), c.message(), c.changedPaths()))
          .toList();
    }
  }

  private FakeRepo repo(String repository) {
    int slash = repository.indexOf('/');
    try {
      if (slash < 0) {
        throw GitHubError.notFound();
      }
      return store.repo(repository.substring(0, slash), repository.substring(slash + 1));
    } catch (GitHubError e) {
      throw new IllegalArgumentException("no such repository in the sandbox: " + repository);
    }
  }
}
