package io.drillbook.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A release's history as {@code helm history RELEASE -o json} prints it, oldest first. */
public record HelmHistory(String release, List<HelmRevision> revisions) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public HelmHistory {
    revisions = revisions.stream().sorted(Comparator.comparingInt(HelmRevision::revision)).toList();
  }

  /**
   * Reads helm's JSON.
   *
   * @throws HelmException naming the entry and field when it is not the history helm prints
   */
  public static HelmHistory parse(String release, String json) throws HelmException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new HelmException("helm history " + release + ": not JSON (" + e.getOriginalMessage() + ")", true);
    }
    if (root == null || !root.isArray()) {
      throw new HelmException("helm history " + release + ": expected a JSON array of revisions", true);
    }
    List<HelmRevision> revisions = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode r = root.get(i);
      if (!r.path("revision").canConvertToInt() || r.path("revision").asInt() < 1) {
        throw new HelmException("helm history " + release + ": entry " + i + ": 'revision' is not a positive number",
            true);
      }
      if (!r.path("status").isTextual() || r.path("status").asText().isBlank()) {
        throw new HelmException("helm history " + release + ": entry " + i + ": 'status' is missing", true);
      }
      revisions.add(new HelmRevision(r.get("revision").asInt(), r.path("updated").asText(""),
          r.get("status").asText(), r.path("chart").asText(""), r.path("app_version").asText(""),
          r.path("description").asText(""), r.path("rollback_revision").asInt(0)));
    }
    return new HelmHistory(release, revisions);
  }

  /** The newest revision: the release's state, as {@code helm status} reports it. */
  public Optional<HelmRevision> latest() {
    return revisions.isEmpty() ? Optional.empty() : Optional.of(revisions.get(revisions.size() - 1));
  }

  public Optional<HelmRevision> revision(int number) {
    return revisions.stream().filter(r -> r.revision() == number).findFirst();
  }

  /**
   * What {@code helm rollback RELEASE} with no revision goes back to: the revision before the newest (helm's own
   * rule, whatever that one's status).
   */
  public Optional<HelmRevision> previous() {
    return revisions.size() < 2 ? Optional.empty() : Optional.of(revisions.get(revisions.size() - 2));
  }

  /** The revisions written after {@code number}, oldest first. */
  public List<HelmRevision> after(int number) {
    return revisions.stream().filter(r -> r.revision() > number).toList();
  }
}
