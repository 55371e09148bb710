package io.drillbook.github;

import io.drillbook.config.GitHubConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A GitHub token: from {@code github.tokenFile} (a mounted secret) or the {@code GITHUB_TOKEN} environment variable.
 * {@link #toString()} never shows it.
 */
public final class GitHubToken {
  private final String value;
  private final String source;

  private GitHubToken(String value, String source) {
    this.value = value;
    this.source = source;
  }

  /**
   * @throws IllegalArgumentException naming where a token was looked for, when there is none
   */
  public static GitHubToken resolve(GitHubConnection connection, Map<String, String> environment) {
    Path file = connection.tokenFile();
    if (file != null) {
      String text;
      try {
        text = Files.readString(file).trim();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the GitHub token file " + file + ": "
            + e.getClass().getSimpleName());
      }
      if (text.isEmpty()) {
        throw new IllegalArgumentException("the GitHub token file " + file + " is empty");
      }
      return new GitHubToken(text, "github.tokenFile " + file);
    }
    String env = environment.get("GITHUB_TOKEN");
    if (env == null || env.isBlank()) {
      throw new IllegalArgumentException("no GitHub token: set GITHUB_TOKEN or github.tokenFile in the config");
    }
    return new GitHubToken(env.trim(), "GITHUB_TOKEN");
  }

  /** A token given directly (tests, the sandbox). */
  public static GitHubToken of(String value, String source) {
    return new GitHubToken(value, source);
  }

  String value() {
    return value;
  }

  /** Where the token came from, e.g. {@code GITHUB_TOKEN}. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "GitHubToken[from " + source + ", value hidden]";
  }
}
