package io.drillbook.github;

/** Image references as registries write them: {@code host:port/repo/name:tag} or {@code ...@sha256:digest}. */
final class ImageTags {
  private ImageTags() {}

  /** The tag (or digest) of the first image in a comma-separated list; {@code latest} when untagged. */
  static String tagOf(String images) {
    if (images == null || images.isBlank()) {
      return "";
    }
    String first = images.split(",")[0].trim();
    int at = first.indexOf('@');
    if (at >= 0) {
      return first.substring(at + 1);
    }
    int slash = first.lastIndexOf('/');
    int colon = first.lastIndexOf(':');
    return colon > slash ? first.substring(colon + 1) : "latest";
  }
}
