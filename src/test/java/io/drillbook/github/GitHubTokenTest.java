package io.drillbook.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drillbook.config.GitHubConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHubTokenTest {
  private static final String TOKEN = "ghp_test_token_value";

  private static GitHubConnection withTokenFile(Path file) {
    return new GitHubConnection(GitHubConnection.PUBLIC_API, file, GitHubConnection.DEFAULT_POLL, null);
  }

  @Test
  void toStringNamesTheSourceAndHidesTheValue() {
    GitHubToken token = GitHubToken.of(TOKEN, "GITHUB_TOKEN");
    assertThat(token.toString()).contains("GITHUB_TOKEN").doesNotContain(TOKEN);
    assertThat(String.valueOf(token)).doesNotContain(TOKEN);
  }

  @Test
  void resolveReadsGithubTokenFromTheInjectedEnvironment() {
    GitHubToken token = GitHubToken.resolve(GitHubConnection.DEFAULT, Map.of("GITHUB_TOKEN", " " + TOKEN + "\n"));
    assertThat(token.value()).isEqualTo(TOKEN);
    assertThat(token.source()).isEqualTo("GITHUB_TOKEN");
    assertThat(token.toString()).doesNotContain(TOKEN);
  }

  @Test
  void resolveReadsTheTokenFileTrimmedAndPrefersItToTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("github-token");
    Files.writeString(file, TOKEN + "\n");

    GitHubToken token = GitHubToken.resolve(withTokenFile(file), Map.of("GITHUB_TOKEN", "ghp_from_environment"));

    assertThat(token.value()).isEqualTo(TOKEN);
    assertThat(token.source()).isEqualTo("github.tokenFile " + file);
  }

  @Test
  void resolveWithoutAnyTokenSaysWhereItLooked() {
    assertThatThrownBy(() -> GitHubToken.resolve(GitHubConnection.DEFAULT, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GITHUB_TOKEN").hasMessageContaining("github.tokenFile");
    assertThatThrownBy(() -> GitHubToken.resolve(GitHubConnection.DEFAULT, Map.of("GITHUB_TOKEN", "  ")))
        .hasMessageContaining("no GitHub token");
  }

  @Test
  void resolveWithAMissingTokenFileNamesTheFile(@TempDir Path dir) {
    Path file = dir.resolve("absent");
    assertThatThrownBy(() -> GitHubToken.resolve(withTokenFile(file), Map.of("GITHUB_TOKEN", TOKEN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read the GitHub token file " + file)
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void resolveWithAnEmptyTokenFileSaysItIsEmpty(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("empty");
    Files.writeString(file, "\n");
    assertThatThrownBy(() -> GitHubToken.resolve(withTokenFile(file), Map.of()))
        .hasMessage("the GitHub token file " + file + " is empty");
  }
}
