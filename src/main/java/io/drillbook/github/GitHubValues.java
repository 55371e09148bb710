package io.drillbook.github;

import java.time.Instant;

/** Values read from GitHub, reduced to what drills use. */
final class GitHubValues {
  private GitHubValues() {}

  /** A workflow: its numeric id, file path and state ({@code active}, {@code disabled_manually}, ...). */
  record Workflow(long id, String name, String path, String state, String htmlUrl) {}

  /** A file's text and blob sha at some ref. */
  record RepoFile(String text, String sha, String htmlUrl) {}

  /** A dispatch's answer: the run when GitHub said which (200), else null ids (204). */
  record Dispatched(Long runId, String runApiUrl, String htmlUrl) {
    boolean knowsRun() {
      return runId != null;
    }
  }

  /** A workflow run. {@code conclusion} is null until completed. */
  record Run(long id, String status, String conclusion, long attempt, String headSha, String htmlUrl,
      String displayTitle, String event, long workflowId, Instant createdAt) {
    boolean completed() {
      return "completed".equals(status);
    }

    boolean queued() {
      return status == null || status.equals("queued") || status.equals("requested") || status.equals("waiting")
          || status.equals("pending");
    }
  }

  /** An issue. */
  record Issue(int number, String title, String htmlUrl) {}
}
