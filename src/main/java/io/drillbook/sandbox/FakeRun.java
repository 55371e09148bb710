package io.drillbook.sandbox;

import java.time.Instant;
import java.util.Map;

/** A workflow run; mutable, guarded by the {@link GitHubStore} lock. */
final class FakeRun {

  final long id;
  final long runNumber;
  final String workflowName;
  final String displayTitle;
  final FakeCommit headCommit;
  final String headBranch;
  final Map<String, String> inputs;
  final Instant createdAt;
  String status = "queued";
  String conclusion;
  Instant updatedAt;
  Instant runStartedAt;
  java.time.Duration queuedFor;

  FakeRun(long id, long runNumber, String workflowName, String displayTitle, FakeCommit headCommit,
      String headBranch, Map<String, String> inputs, Instant createdAt) {
    this.id = id;
    this.runNumber = runNumber;
    this.workflowName = workflowName;
    this.displayTitle = displayTitle;
    this.headCommit = headCommit;
    this.headBranch = headBranch;
    this.inputs = Map.copyOf(inputs);
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }
}
