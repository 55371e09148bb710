package io.drillbook.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * GitHub App installation auth: a short JWT signed with the app's private key buys an installation token
 * ({@code POST /app/installations/{id}/access_tokens}), cached until a minute before it expires.
 */
final class AppInstallationAuth implements AuthorizationProvider {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final String apiUrl;
  private final long appId;
  private final long installationId;
  private final PrivateKey key;
  private final HttpClient http;
  private final Clock clock;
  private String token;
  private Instant expiresAt = Instant.EPOCH;

  AppInstallationAuth(String apiUrl, long appId, long installationId, PrivateKey key, HttpClient http, Clock clock) {
    this.apiUrl = apiUrl;
    this.appId = appId;
    this.installationId = installationId;
    this.key = key;
    this.http = http;
    this.clock = clock;
  }

  @Override
  public synchronized String getEncodedAuthorization() throws IOException {
    if (token == null || clock.instant().isAfter(expiresAt.minus(Duration.ofMinutes(1)))) {
      refresh();
    }
    return "token " + token;
  }

  private void refresh() throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + "/app/installations/" + installationId
            + "/access_tokens"))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + jwt())
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while getting a GitHub App installation token");
    }
    if (response.statusCode() != 201) {
      throw new IOException("GitHub refused an installation token for app " + appId + ", installation "
          + installationId + " (" + response.statusCode() + ": "
          + GitHubErrors.githubMessage(response.body()) + ")");
    }
    JsonNode body = JSON.readTree(response.body());
    token = body.path("token").asText();
    expiresAt = body.hasNonNull("expires_at") ? Instant.parse(body.get("expires_at").asText())
        : clock.instant().plus(Duration.ofMinutes(50));
  }

  /** An RS256 JWT as GitHub asks: issued a minute in the past (clock drift), valid for nine minutes. */
  String jwt() throws IOException {
    long now = clock.instant().getEpochSecond();
    String header = URL.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = URL.encodeToString(("{\"iat\":" + (now - 60) + ",\"exp\":" + (now + 540) + ",\"iss\":\"" + appId
        + "\"}").getBytes(StandardCharsets.UTF_8));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + URL.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot sign the GitHub App JWT: " + e.getMessage(), e);
    }
  }

  /**
   * Reads an RSA private key in PEM: PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY},
   * what GitHub hands out).
   *
   * @throws IllegalArgumentException naming the file when it holds no usable key (never its content)
   */
  static PrivateKey readPem(Path file) {
    String pem;
    try {
      pem = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the GitHub App private key " + file + ": "
          + e.getClass().getSimpleName());
    }
    boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
    String base64 = pem.replaceAll("-----(BEGIN|END) (RSA )?PRIVATE KEY-----", "").replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      byte[] pkcs8 = pkcs1 ? wrapPkcs1(der) : der;
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalArgumentException("the GitHub App private key " + file + " is not an RSA key in PEM form");
    }
  }

  /** Wraps a PKCS#1 RSAPrivateKey in the PKCS#8 envelope the JDK reads. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] rsaAlgorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
        0x01, 0x01, 0x05, 0x00};
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = der(0x04, pkcs1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(version);
    body.writeBytes(rsaAlgorithm);
    body.writeBytes(octets);
    return der(0x30, body.toByteArray());
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write((length >> (8 * i)) & 0xff);
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "GitHub App " + appId + " installation " + installationId;
  }
}
