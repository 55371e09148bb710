package io.drillbook.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppInstallationAuthTest {
  private final WireMockServer wm = new WireMockServer(options().dynamicPort());
  private KeyPair keys;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    wm.start();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  /** GitHub hands out PKCS#1 keys: the PKCS#8 envelope's inner octet string. */
  private Path pkcs1Pem() throws Exception {
    byte[] pkcs8 = keys.getPrivate().getEncoded();
    // The PKCS#1 key is the trailing OCTET STRING of the PKCS#8 structure; its header starts 26 bytes in for RSA.
    byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    String pem = "-----BEGIN RSA PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs1)
        + "\n-----END RSA PRIVATE KEY-----\n";
    return Files.writeString(dir.resolve("app.pem"), pem);
  }

  @Test
  void buysAnInstallationTokenWithASignedJwtAndUsesItForApiCalls() throws Exception {
    wm.stubFor(post(urlEqualTo("/app/installations/4242/access_tokens")).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody("{\"token\":\"ghs_installationTokenValue\",\"expires_at\":\"2099-01-01T00:00:00Z\","
            + "\"permissions\":{\"actions\":\"write\",\"issues\":\"write\"},\"repository_selection\":\"selected\"}")));
    wm.stubFor(get(urlEqualTo("/repos/acme/api")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(
            "{\"id\":1,\"name\":\"api\",\"full_name\":\"acme/api\",\"owner\":{\"login\":\"acme\",\"id\":2},"
                + "\"url\":\"" + wm.baseUrl() + "/repos/acme/api\",\"html_url\":\"https://github.com/acme/api\"}")));
    wm.stubFor(get(urlEqualTo("/repos/acme/api/actions/workflows/cd-rollback.yml")).willReturn(aResponse()
        .withStatus(200).withHeader("Content-Type", "application/json").withBody(
            "{\"id\":161335,\"node_id\":\"MDg6V29ya2Zsb3cxNjEzMzU=\",\"name\":\"CD Rollback\",\"path\":"
                + "\".github/workflows/cd-rollback.yml\",\"state\":\"active\",\"html_url\":"
                + "\"https://github.com/acme/api/blob/main/.github/workflows/cd-rollback.yml\"}")));

    GitHubClient client = GitHubClient.connectAsApp(URI.create(wm.baseUrl()), 77, 4242, pkcs1Pem(),
        RetryPolicy.DEFAULT, d -> { }, Clock.systemUTC());
    assertThat(client.workflow("acme/api", "cd-rollback.yml").id()).isEqualTo(161335);

    wm.verify(getRequestedFor(urlEqualTo("/repos/acme/api"))
        .withHeader("Authorization", equalTo("token ghs_installationTokenValue")));
    String jwt = wm.findAll(postRequestedFor(urlEqualTo("/app/installations/4242/access_tokens"))
        .withHeader("Authorization", matching("Bearer .+"))).get(0).getHeader("Authorization").substring(7);
    String[] parts = jwt.split("\\.");
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(keys.getPublic());
    rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    var claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(claims.get("iss").asText()).isEqualTo("77");
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(600);
  }

  @Test
  void refreshesTheTokenAMinuteBeforeItExpires() throws Exception {
    wm.stubFor(post(urlEqualTo("/app/installations/9/access_tokens")).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"token\":\"ghs_short\",\"expires_at\":\"2030-01-01T00:00:30Z\"}")));
    var clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    var auth = new AppInstallationAuth(wm.baseUrl(), 1, 9,
        AppInstallationAuth.readPem(pkcs1Pem()), java.net.http.HttpClient.newHttpClient(), clock);
    assertThat(auth.getEncodedAuthorization()).isEqualTo("token ghs_short");
    auth.getEncodedAuthorization();
    // Expiring within a minute, so every call buys a fresh one.
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/app/installations/9/access_tokens")))).hasSize(2);
  }

  @Test
  void unusableKeyFileIsNamedButNotPrinted() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN RSA PRIVATE KEY-----\nnot-a-key\n");
    assertThatThrownBy(() -> AppInstallationAuth.readPem(bad))
        .hasMessage("the GitHub App private key " + bad + " is not an RSA key in PEM form");
  }

  @Test
  void refusedInstallationTokenIsAClearError() throws Exception {
    wm.stubFor(post(urlEqualTo("/app/installations/5/access_tokens")).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"message\":\"A JSON web token could not be decoded\",\"documentation_url\":"
            + "\"https://docs.github.com/rest\",\"status\":\"401\"}")));
    var auth = new AppInstallationAuth(wm.baseUrl(), 1, 5, AppInstallationAuth.readPem(pkcs1Pem()),
        java.net.http.HttpClient.newHttpClient(), Clock.systemUTC());
    assertThatThrownBy(auth::getEncodedAuthorization)
        .hasMessageContaining("GitHub refused an installation token for app 1, installation 5 (401: A JSON web token "
            + "could not be decoded)");
  }
}
