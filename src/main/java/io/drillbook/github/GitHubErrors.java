package io.drillbook.github;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kohsuke.github.HttpException;

/** Turns hub4j and HTTP failures into one-line messages an operator can act on (never the token). */
final class GitHubErrors {
  private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private GitHubErrors() {}

  /** @param what the request in words, e.g. "workflow cd-rollback.yml in intelgraph/maestro" */
  static GitHubException of(IOException e, String what, String apiUrl, String tokenSource) {
    int status = e instanceof HttpException h ? h.getResponseCode() : 0;
    if (e instanceof FileNotFoundException && status <= 0) {
      status = 404;
    }
    return of(status, e instanceof HttpException h ? h.getMessage() : e.getMessage(), what, apiUrl, tokenSource, e);
  }

  static GitHubException of(int status, String body, String what, String apiUrl, String tokenSource, Throwable cause) {
    String said = githubMessage(body);
    String message = switch (status) {
      case 401 -> "GitHub refused the credentials from " + tokenSource + " (401 " + orElse(said, "Bad credentials")
          + ") while reading " + what;
      case 403 -> "GitHub denied access to " + what + " (403" + (said == null ? "" : ": " + said)
          + "); check the token's permissions (actions: write, contents: write, issues: write)";
      case 404 -> what + " not found (404) at " + apiUrl + "; check the name and that the token can see it";
      case 409 -> "GitHub reported a conflict on " + what + " (409" + (said == null ? "" : ": " + said) + ")";
      case 422 -> "GitHub rejected " + what + " (422: " + orElse(said, "validation failed") + ")";
      case 429 -> "GitHub rate limit hit on " + what + " (429" + (said == null ? "" : ": " + said) + ")";
      case 0, -1 -> "GitHub unreachable at " + apiUrl + " while reading " + what + " ("
          + (cause == null ? "no answer" : describe(root(cause))) + ")";
      // hub4j reports a 2xx it could not parse (a login page, JSON cut off) with the 2xx status.
      default -> status >= 200 && status < 300
          ? "GitHub at " + apiUrl + " answered " + status + " to " + what + " with a body that is not GitHub's JSON; "
              + "is github.apiUrl pointing at a proxy or a login page?"
          : "GitHub at " + apiUrl + " answered " + status + " to " + what + (said == null ? "" : ": " + said);
    };
    return new GitHubException(Math.max(status, 0), message, cause);
  }

  /** The {@code message} field of a GitHub error body, unescaped, or null. */
  static String githubMessage(String body) {
    if (body == null) {
      return null;
    }
    Matcher m = MESSAGE.matcher(body);
    if (!m.find()) {
      return null;
    }
    return m.group(1).replace("\\n", " ").replace("\\\"", "\"").replaceAll("\\s+", " ").trim();
  }

  /** What actually went wrong: hub4j wraps a timeout or a refused connection in an HttpException with code -1. */
  private static Throwable root(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String describe(Throwable t) {
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage()));
  }

  private static String orElse(String s, String fallback) {
    return s == null || s.isBlank() ? fallback : s;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
