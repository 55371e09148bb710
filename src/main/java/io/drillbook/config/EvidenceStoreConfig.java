package io.drillbook.config;

/**
 * Where evidence entries are appended.
 *
 * @param store {@code local} (the drill's evidenceLog file) or {@code github} (that path in a repository)
 * @param repository {@code owner/name} for the github store, else null
 * @param branch branch to commit to for the github store, else null (the repository's default branch)
 */
public record EvidenceStoreConfig(Store store, String repository, String branch) {
  public static final EvidenceStoreConfig LOCAL = new EvidenceStoreConfig(Store.LOCAL, null, null);

  /** The kinds of evidence store. */
  public enum Store {
    LOCAL,
    GITHUB
  }
}
