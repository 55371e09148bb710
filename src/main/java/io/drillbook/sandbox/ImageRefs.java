package io.drillbook.sandbox;

import java.util.regex.Pattern;

/** Splitting container image references into repository and tag. */
final class ImageRefs {

  // The tag grammar of the OCI distribution spec.
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  private ImageRefs() {}

  /** The image without tag or digest: {@code reg:5000/a/b:1.2} gives {@code reg:5000/a/b}. */
  static String repository(String image) {
    String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int slash = withoutDigest.lastIndexOf('/');
    int colon = withoutDigest.lastIndexOf(':');
    return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
  }

  static String withTag(String image, String tag) {
    return repository(image) + ":" + tag;
  }

  static boolean isValidTag(String tag) {
    return tag != null && TAG.matcher(tag).matches();
  }
}
