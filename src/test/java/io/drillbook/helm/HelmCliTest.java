package io.drillbook.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelmCliTest {
  @Test
  void scrubsBearerTokensPasswordsAndUrlCredentialsFromHelmsStderr() {
    String stderr = "Error: Get \"https://admin:s3cr3t@10.0.0.1:6443/api\": Authorization: Bearer eyJhbGciOi.abc\n"
        + "token=ghp_abcdef password: hunter2";

    String scrubbed = HelmCli.scrub(stderr);

    assertThat(scrubbed).doesNotContain("s3cr3t", "eyJhbGciOi", "ghp_abcdef", "hunter2")
        .contains("https://<redacted>@10.0.0.1:6443", "Bearer <redacted>", "token=<redacted>",
            "password: <redacted>");
  }

  @Test
  void helmsErrorLineIsItsMessageAndNotFoundLasts() {
    HelmCli.Result missing = new HelmCli.Result(List.of("helm", "history", "nosuch"), 1, "",
        "level=WARN msg=\"something\"\nError: release: not found\n");
    HelmCli.Result timeout = new HelmCli.Result(List.of("helm", "rollback"), 1, "",
        "Error: Kubernetes cluster unreachable: Get \"https://127.0.0.1:1/version\": dial tcp: connection refused\n");

    assertThat(missing.error()).isEqualTo("Error: release: not found");
    assertThat(HelmCli.failure("helm history nosuch", missing).lasting()).isTrue();
    assertThat(HelmCli.failure("helm rollback", timeout).lasting()).isFalse();
  }

  @Test
  void aMissingBinaryIsOneLineNamingIt() {
    HelmCli cli = new HelmCli("/nonexistent/helm", null, null);

    org.assertj.core.api.Assertions.assertThatThrownBy(cli::version)
        .isInstanceOf(HelmException.class)
        .hasMessageStartingWith("cannot run '/nonexistent/helm' (")
        .hasMessageEndingWith("install Helm 3 or 4, or set helm.binary to its path");
  }
}
