package io.drillbook.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Git object ids and GitHub's base64 transfer form. */
final class GitObjects {

  // GitHub's contents API wraps base64 at 60 characters per line.
  private static final Base64.Encoder WRAPPED = Base64.getMimeEncoder(60, new byte[] {'\n'});

  private GitObjects() {}

  /** The blob id git gives these bytes: sha1 of {@code "blob <length>\0"} followed by the bytes. */
  static String blobSha(byte[] content) {
    MessageDigest sha1 = sha1();
    sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.UTF_8));
    sha1.update(content);
    return HexFormat.of().formatHex(sha1.digest());
  }

  /** A 40-hex id for anything else git would hash (commits, trees); stable for the same text. */
  static String sha1Hex(String text) {
    return HexFormat.of().formatHex(sha1().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Base64 wrapped like GitHub's contents API, with a trailing newline. */
  static String wrappedBase64(byte[] content) {
    return WRAPPED.encodeToString(content) + "\n";
  }

  /** Decodes base64 that may contain line breaks; null when it is not valid base64. */
  static byte[] decodeBase64(String text) {
    try {
      return Base64.getMimeDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
