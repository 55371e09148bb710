package io.drillbook.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A commit in a fake repository, holding the whole tree it produced.
 *
 * @param sha commit id
 * @param treeSha id of the tree
 * @param parentSha parent commit id, or null for the first commit
 * @param message commit message
 * @param at author and commit time
 * @param files every file of the tree, by path
 * @param changedPaths paths this commit added or changed
 */
record FakeCommit(String sha, String treeSha, String parentSha, String message, Instant at,
    Map<String, RepoFile> files, List<String> changedPaths) {

  FakeCommit {
    files = Map.copyOf(files);
    changedPaths = List.copyOf(changedPaths);
  }

  /** A child of {@code parent} (null for a root commit) whose tree is {@code files}. */
  static FakeCommit create(FakeCommit parent, String message, Instant at, Map<String, RepoFile> files,
      List<String> changedPaths) {
    StringBuilder tree = new StringBuilder();
    files.keySet().stream().sorted().forEach(p -> tree.append(p).append(' ').append(files.get(p).sha()).append('\n'));
    String treeSha = GitObjects.sha1Hex("tree\n" + tree);
    String parentSha = parent == null ? null : parent.sha();
    String sha = GitObjects.sha1Hex("commit\ntree " + treeSha + "\nparent " + parentSha + "\n" + at + "\n" + message);
    return new FakeCommit(sha, treeSha, parentSha, message, at, files, changedPaths);
  }
}
