package io.drillbook.github;

import io.drillbook.github.GitHubValues.Workflow;
import java.util.List;
import java.util.Map;

/** What a runbook's drift audit asks of a repository: does this workflow take these inputs, does this file exist. */
public final class RepositoryAudit {
  private final GitHubClient github;

  public RepositoryAudit(GitHubClient github) {
    this.github = github;
  }

  /**
   * Every reason {@code gh workflow run WORKFLOW --ref REF -f ...} would be refused, one sentence each; empty when
   * it would run.
   */
  public List<String> workflowProblems(String repo, String workflow, String ref, Map<String, String> inputs)
      throws GitHubException {
    Workflow w;
    try {
      w = github.workflow(repo, workflow);
    } catch (GitHubException e) {
      if (e.status() == 404) {
        return List.of("workflow " + workflow + " does not exist in " + repo);
      }
      throw e;
    }
    if (!"active".equals(w.state())) {
      return List.of("workflow " + workflow + " in " + repo + " is " + w.state());
    }
    var file = github.file(repo, w.path(), ref);
    if (file.isEmpty()) {
      return List.of("workflow file " + w.path() + " is missing at " + ref + " in " + repo);
    }
    try {
      return WorkflowDefinition.parse(file.get().text()).problems(inputs);
    } catch (IllegalArgumentException e) {
      return List.of(w.path() + ": " + e.getMessage());
    }
  }

  /** Whether {@code path} exists in {@code repo} (default branch). */
  public boolean fileExists(String repo, String path) throws GitHubException {
    return github.file(repo, path, null).isPresent();
  }
}
