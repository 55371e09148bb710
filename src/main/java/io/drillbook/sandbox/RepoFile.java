package io.drillbook.sandbox;

/**
 * A file in a fake repository at one commit.
 *
 * @param path repository-relative path
 * @param bytes content (never modified after construction)
 * @param sha git blob id of the content
 */
record RepoFile(String path, byte[] bytes, String sha) {

  static RepoFile of(String path, byte[] bytes) {
    byte[] copy = bytes.clone();
    return new RepoFile(path, copy, GitObjects.blobSha(copy));
  }

  /** Last path segment. */
  String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
