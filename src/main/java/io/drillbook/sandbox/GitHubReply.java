package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful fake GitHub answer before headers are added.
 *
 * @param status HTTP status
 * @param body response text, or null for none
 * @param contentType media type of {@code body}
 * @param link {@code Link} header for a paginated list, or null
 */
record GitHubReply(int status, String body, String contentType, String link) {

  static final String JSON_TYPE = "application/json; charset=utf-8";

  static GitHubReply json(int status, JsonNode body) {
    return new GitHubReply(status, body.toString(), JSON_TYPE, null);
  }

  static GitHubReply ok(JsonNode body) {
    return json(200, body);
  }

  static GitHubReply page(JsonNode body, String link) {
    return new GitHubReply(200, body.toString(), JSON_TYPE, link);
  }

  static GitHubReply noContent() {
    return new GitHubReply(204, null, null, null);
  }
}
