package io.drillbook.github;

import io.drillbook.drill.DrillRecord;
import io.drillbook.drill.EvidenceSink;
import io.drillbook.evidence.EvidenceText;
import io.drillbook.github.GitHubValues.RepoFile;
import java.io.IOException;
import java.util.Optional;

/**
 * Appends evidence to a log file in a repository through the contents API, for runs with no persistent disk (a
 * CronJob pod). The appended text is exactly what the local store appends. A concurrent commit (409 on the blob
 * sha) is met by reading the file again and retrying.
 */
public final class GitHubEvidenceStore implements EvidenceSink {
  private static final int ATTEMPTS = 5;

  private final GitHubClient github;
  private final String repository;
  private final String branch;
  private final String path;

  /**
   * @param branch branch to commit to, or null for the repository's default branch
   * @param path the log's path in the repository
   */
  public GitHubEvidenceStore(GitHubClient github, String repository, String branch, String path) {
    this.github = github;
    this.repository = repository;
    this.branch = branch;
    this.path = path;
  }

  /** Where entries land, for links: {@code owner/name:path}. */
  @Override
  public String location() {
    return repository + ":" + path;
  }

  @Override
  public String append(DrillRecord record) throws IOException {
    GitHubException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<RepoFile> current;
      try {
        current = github.file(repository, path, branch);
      } catch (GitHubException e) {
        throw new IOException(e.getMessage(), e);
      }
      String existing = current.map(RepoFile::text).orElse("");
      String updated = existing + EvidenceText.toAppend(existing, record, location());
      String message = "drillbook: " + record.drill() + " " + record.verdict() + " (" + record.drillId() + ")";
      try {
        return github.putFile(repository, path, branch, updated, current.map(RepoFile::sha).orElse(null), message);
      } catch (GitHubException e) {
        if (e.status() != 409 && e.status() != 422) {
          throw new IOException(e.getMessage(), e);
        }
        last = e;
      }
    }
    throw new IOException("could not append to " + location() + " after " + ATTEMPTS
        + " attempts: others kept committing to it (" + last.getMessage() + ")", last);
  }
}
