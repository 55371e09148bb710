package io.drillbook.realcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The API server's own record of who asked for what: the oracle for "the drill changed nothing" and for RBAC. */
public final class AuditLog {
  public static final String DRILLBOOK_USER = "system:serviceaccount:drillbook:drillbook";
  private static final Set<String> WRITE_VERBS = Set.of("create", "update", "patch", "delete", "deletecollection");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One completed request, as the audit event's objectRef and responseStatus name it. */
  public record Request(String user, String verb, String apiGroup, String resource, String subresource,
      String namespace, String name, int code) {
    public boolean isWrite() {
      return WRITE_VERBS.contains(verb);
    }

    public String describe() {
      return verb + " " + (apiGroup.isEmpty() ? "" : apiGroup + "/") + resource
          + (subresource.isEmpty() ? "" : "/" + subresource) + " " + namespace + "/" + name + " -> " + code;
    }
  }

  private final Path file;

  public AuditLog(Path file) {
    this.file = file;
  }

  /** Where the log ends now: pass it to {@link #since} to see only what came after. */
  public long mark() {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The drillbook ServiceAccount's requests since {@code mark}, once the log stops growing (the audit backend writes
   * in batches).
   */
  public List<Request> awaitDrillbookRequests(long mark) {
    List<List<Request>> seen = new ArrayList<>(List.of(List.of()));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .pollDelay(java.time.Duration.ofMillis(300)).pollInterval(java.time.Duration.ofMillis(300)).until(() -> {
          List<Request> now = since(mark, DRILLBOOK_USER);
          boolean settled = !now.isEmpty() && now.size() == seen.get(0).size();
          seen.set(0, now);
          return settled;
        });
    return seen.get(0);
  }

  /** Completed requests by {@code user} logged after {@code mark}. */
  public List<Request> since(long mark, String user) {
    List<Request> requests = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      reader.skip(mark);
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode event = JSON.readTree(line);
        if (!"ResponseComplete".equals(event.path("stage").asText())
            || !user.equals(event.path("user").path("username").asText())) {
          continue;
        }
        JsonNode ref = event.path("objectRef");
        requests.add(new Request(user, event.path("verb").asText(), ref.path("apiGroup").asText(),
            ref.path("resource").asText(), ref.path("subresource").asText(), ref.path("namespace").asText(),
            ref.path("name").asText(), event.path("responseStatus").path("code").asInt()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return requests;
  }
}
