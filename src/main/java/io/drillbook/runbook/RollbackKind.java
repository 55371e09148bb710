package io.drillbook.runbook;

/** The ways a runbook can say to roll back. */
public enum RollbackKind {
  /** {@code kubectl rollout undo deploy/NAME}. */
  KUBERNETES("kubernetes"),
  /** {@code helm rollback RELEASE [REVISION]}. */
  HELM("helm"),
  /** {@code gh workflow run FILE --ref REF -f key=value ...}. */
  GITHUB_ACTIONS("github-actions");

  private final String id;

  RollbackKind(String id) {
    this.id = id;
  }

  /** The lower-case name used in JSON and configuration, e.g. {@code "github-actions"}. */
  public String id() {
    return id;
  }
}
