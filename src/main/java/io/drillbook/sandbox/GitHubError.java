package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;

/** A GitHub API error response: the status, the {@code message} GitHub would send, and any field errors. */
final class GitHubError extends RuntimeException {

  static final String DOCS = "https://docs.github.com/rest";

  private final int status;
  private final transient ArrayNode errors;

  GitHubError(int status, String message) {
    this(status, message, null);
  }

  GitHubError(int status, String message, ArrayNode errors) {
    super(message, null, false, false);
    this.status = status;
    this.errors = errors;
  }

  int status() {
    return status;
  }

  /** GitHub's {@code errors} array of a "Validation Failed" answer, or null. */
  ArrayNode errors() {
    return errors;
  }

  static GitHubError notFound() {
    return new GitHubError(404, "Not Found");
  }

  static GitHubError notSupplied(String field) {
    return new GitHubError(422, "Invalid request.\n\n\"" + field + "\" wasn't supplied.");
  }
}
