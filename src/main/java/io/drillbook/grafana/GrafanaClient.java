package io.drillbook.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.http.JsonApi;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Grafana's annotations HTTP API ({@code /api/annotations}, the legacy API every Grafana from 6.4 to 12 serves, as
 * {@code pkg/api/annotations.go} implements it) for one region per drill, authenticated with a service account token.
 *
 * <p>Grafana's {@code POST /api/annotations} does not refuse a {@code dashboardUID} it does not know: it drops it and
 * saves an organization-wide annotation, shown on every dashboard that displays them. So the dashboard is looked up
 * first ({@code GET /api/dashboards/uid/:uid}) and an unknown UID is an error, never a stray annotation.
 */
public final class GrafanaClient {
  // Grafana's util.IsValidShortUID.
  private static final Pattern UID = Pattern.compile("[a-zA-Z0-9_-]{1,40}");

  private final JsonApi api;

  /**
   * @param baseUrl Grafana's root URL (a sub-path such as {@code https://example.com/grafana} is kept)
   * @param token a service account token; never printed
   * @param timeout how long one request may take
   */
  public GrafanaClient(URI baseUrl, String token, Duration timeout) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("'token' must not be blank");
    }
    this.api = new JsonApi("Grafana", baseUrl, token, timeout);
  }

  public URI url() {
    return api.baseUrl();
  }

  /** The dashboard's title; an unknown UID is an error naming it. */
  public String dashboardTitle(String uid) throws GrafanaException, InterruptedException {
    checkUid(uid);
    String what = "dashboard " + uid;
    JsonApi.Answer answer = api.send("GET", "/api/dashboards/uid/" + URLEncoder.encode(uid, StandardCharsets.UTF_8),
        null, what, GrafanaException::new);
    if (answer.status() == 404 && answer.json() != null) {
      throw new GrafanaException("Grafana at " + api.baseUrl() + " has no dashboard with UID '" + uid
          + "' (take the UID from the dashboard's URL, /d/<uid>/...)");
    }
    return success(answer, what).path("dashboard").path("title").asText(uid);
  }

  /**
   * Adds a region annotation to the dashboard.
   *
   * @return the annotation's id
   */
  public long addRegion(String dashboardUid, Instant start, Instant end, List<String> tags, String text)
      throws GrafanaException, InterruptedException {
    dashboardTitle(dashboardUid);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dashboardUID", dashboardUid);
    body.put("time", start.toEpochMilli());
    body.put("timeEnd", end.toEpochMilli());
    body.put("tags", tags);
    body.put("text", text);
    String what = "a new annotation on dashboard " + dashboardUid;
    JsonNode answer = success(api.send("POST", "/api/annotations", body, what, GrafanaException::new), what);
    if (!answer.path("id").canConvertToLong() || answer.path("id").asLong() <= 0) {
      throw new GrafanaException("Grafana at " + api.baseUrl() + " answered " + what + " without an annotation id");
    }
    return answer.path("id").asLong();
  }

  /** Moves the region's end and replaces its text and tags ({@code PATCH /api/annotations/:id}). */
  public void updateRegion(long id, Instant end, List<String> tags, String text)
      throws GrafanaException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("timeEnd", end.toEpochMilli());
    body.put("tags", tags);
    body.put("text", text);
    String what = "the update of annotation " + id;
    success(api.send("PATCH", "/api/annotations/" + id, body, what, GrafanaException::new), what);
  }

  private JsonNode success(JsonApi.Answer answer, String what) throws GrafanaException {
    if (!answer.ok() || answer.json() == null) {
      throw new GrafanaException(api.refusal(answer, what));
    }
    return answer.json();
  }

  private static void checkUid(String uid) {
    if (uid == null || !UID.matcher(uid).matches()) {
      throw new IllegalArgumentException("'" + uid + "' is not a Grafana dashboard UID"
          + (uid != null && uid.contains("/") ? " (maestro/deployments-style names are folder and title)" : ""));
    }
  }

  @Override
  public String toString() {
    return "GrafanaClient[" + api + "]";
  }
}
