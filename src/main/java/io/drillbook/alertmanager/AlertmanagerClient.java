package io.drillbook.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.alertmanager.Silence.Matcher;
import io.drillbook.http.JsonApi;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Alertmanager's API v2 (as of Alertmanager 0.25, {@code api/v2/openapi.yaml}): the alerts it holds, and silences.
 *
 * <p>How Alertmanager changes a silence matters to a drill that renews one: {@code POST /api/v2/silences} with the
 * id of an existing silence updates it in place only when the matchers are unchanged, the silence is still active,
 * its {@code startsAt} is unchanged and the new {@code endsAt} is in the future. Any other change expires the old
 * silence and creates a new one under a new id, which the answer returns. {@link #extendSilence} therefore keeps the
 * silence's own {@code startsAt} and matchers, and returns the id to use from then on.
 */
public final class AlertmanagerClient {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final JsonApi api;

  /**
   * @param baseUrl where Alertmanager serves {@code /api/v2}, e.g. {@code http://alertmanager:9093}
   * @param bearerToken for a proxy in front of it, or null; never printed
   * @param timeout how long one request may take
   */
  public AlertmanagerClient(URI baseUrl, String bearerToken, Duration timeout) {
    this.api = new JsonApi("Alertmanager", baseUrl, bearerToken, timeout);
  }

  public URI url() {
    return api.baseUrl();
  }

  /**
   * The alerts Alertmanager holds whose labels match {@code matchers} (active, silenced, inhibited and unprocessed
   * alike; the state says which).
   *
   * @param matchers label to value; a value starting with {@code =~} is a regex, {@code !=} and {@code !~} negate
   */
  public List<ActiveAlert> alerts(Map<String, String> matchers) throws AlertmanagerException, InterruptedException {
    StringBuilder query = new StringBuilder("?active=true&silenced=true&inhibited=true&unprocessed=true");
    for (Matcher m : matchers(matchers)) {
      query.append("&filter=").append(URLEncoder.encode(m.toString(), StandardCharsets.UTF_8));
    }
    String what = "alerts" + (matchers.isEmpty() ? "" : " matching " + matchers(matchers));
    JsonApi.Answer answer = api.send("GET", "/api/v2/alerts" + query, null, what, AlertmanagerException::new);
    JsonNode list = success(answer, what);
    if (!list.isArray()) {
      throw malformed(what, "the answer is not an array");
    }
    List<ActiveAlert> out = new ArrayList<>();
    for (JsonNode a : list) {
      List<String> silencedBy = new ArrayList<>();
      a.path("status").path("silencedBy").forEach(id -> silencedBy.add(id.asText()));
      out.add(new ActiveAlert(labels(a.path("labels"), what), a.path("status").path("state").asText("unknown"),
          time(a.path("startsAt"), what), silencedBy));
    }
    return out;
  }

  /** The silences Alertmanager holds (pending, active and recently expired) whose matchers match {@code matchers}. */
  public List<Silence> silences(Map<String, String> matchers) throws AlertmanagerException, InterruptedException {
    StringBuilder query = new StringBuilder();
    for (Matcher m : matchers(matchers)) {
      query.append(query.isEmpty() ? "?" : "&").append("filter=")
          .append(URLEncoder.encode(m.toString(), StandardCharsets.UTF_8));
    }
    String what = "silences";
    JsonNode list = success(api.send("GET", "/api/v2/silences" + query, null, what, AlertmanagerException::new),
        what);
    if (!list.isArray()) {
      throw malformed(what, "the answer is not an array");
    }
    List<Silence> out = new ArrayList<>();
    for (JsonNode s : list) {
      out.add(silence(s, what));
    }
    return out;
  }

  /** Creates a silence; returns it as Alertmanager now holds it. */
  public Silence createSilence(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
      String comment) throws AlertmanagerException, InterruptedException {
    String id = post(null, matchers, startsAt, endsAt, createdBy, comment, "a silence of " + matchers);
    return silence(id);
  }

  /**
   * Moves {@code silence}'s end to {@code endsAt}, keeping its matchers and start so Alertmanager updates it in place.
   *
   * @return the silence as it now stands; its id differs from {@code silence}'s when Alertmanager had to replace it
   *     (the old one had already lapsed)
   */
  public Silence extendSilence(Silence silence, Instant endsAt, String createdBy, String comment)
      throws AlertmanagerException, InterruptedException {
    String id = post(silence.id(), silence.matchers(), silence.startsAt(), endsAt, createdBy, comment,
        "the extension of silence " + silence.id());
    return silence(id);
  }

  /**
   * Expires the silence now ({@code DELETE /api/v2/silence/{id}}).
   *
   * @return false when it had already lapsed or is unknown (Alertmanager 0.25 answers a DELETE of an expired silence
   *     with 200 as well, so its state is read first), true when this call expired it
   */
  public boolean expireSilence(String id) throws AlertmanagerException, InterruptedException {
    String what = "the expiry of silence " + id;
    JsonApi.Answer current = api.send("GET", "/api/v2/silence/" + encode(id), null, "silence " + id,
        AlertmanagerException::new);
    if (current.status() == 404
        || (current.ok() && current.json() != null
            && "expired".equals(current.json().path("status").path("state").asText()))) {
      return false;
    }
    JsonApi.Answer answer = api.send("DELETE", "/api/v2/silence/" + encode(id), null, what,
        AlertmanagerException::new);
    if (answer.ok()) {
      return true;
    }
    if (answer.status() == 404) {
      return false;
    }
    throw new AlertmanagerException(api.refusal(answer, what));
  }

  /** The silence {@code id} as Alertmanager holds it. */
  public Silence silence(String id) throws AlertmanagerException, InterruptedException {
    String what = "silence " + id;
    JsonNode s = success(api.send("GET", "/api/v2/silence/" + encode(id), null, what, AlertmanagerException::new),
        what);
    return silence(s, what);
  }

  private Silence silence(JsonNode s, String what) throws AlertmanagerException {
    List<Matcher> matchers = new ArrayList<>();
    for (JsonNode m : s.path("matchers")) {
      matchers.add(new Matcher(m.path("name").asText(), m.path("value").asText(), m.path("isRegex").asBoolean(),
          !m.has("isEqual") || m.path("isEqual").asBoolean()));
    }
    return new Silence(s.path("id").asText(), matchers, time(s.path("startsAt"), what), time(s.path("endsAt"), what),
        s.path("status").path("state").asText("unknown"));
  }

  private String post(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
      String comment, String what) throws AlertmanagerException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    if (id != null) {
      body.put("id", id);
    }
    List<Map<String, Object>> ms = new ArrayList<>();
    for (Matcher m : matchers) {
      ms.add(Map.of("name", m.name(), "value", m.value(), "isRegex", m.isRegex(), "isEqual", m.isEqual()));
    }
    body.put("matchers", ms);
    body.put("startsAt", startsAt.toString());
    body.put("endsAt", endsAt.toString());
    body.put("createdBy", createdBy);
    body.put("comment", comment);
    JsonNode answer = success(api.send("POST", "/api/v2/silences", body, what, AlertmanagerException::new), what);
    String silenceId = answer.path("silenceID").asText("");
    if (silenceId.isEmpty()) {
      throw malformed(what, "no silenceID in the answer");
    }
    return silenceId;
  }

  /** Matchers in drillbook's config convention ({@code "=~x"} is a regex) as Alertmanager's. */
  public static List<Matcher> matchers(Map<String, String> byLabel) {
    List<Matcher> out = new ArrayList<>();
    byLabel.forEach((label, value) -> {
      String name = label.replaceAll("(=~|!=|!~)$", "");
      String op = label.length() > name.length() ? label.substring(name.length()) : null;
      String v = value;
      if (op == null && (v.startsWith("=~") || v.startsWith("!=") || v.startsWith("!~"))) {
        op = v.substring(0, 2);
        v = v.substring(2);
      }
      if (!LABEL_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("not a label name: '" + name + "'");
      }
      out.add(new Matcher(name, v, op != null && op.endsWith("~"), op == null || op.startsWith("=")));
    });
    return out;
  }

  private JsonNode success(JsonApi.Answer answer, String what) throws AlertmanagerException {
    if (!answer.ok() || answer.json() == null) {
      throw new AlertmanagerException(api.refusal(answer, what));
    }
    return answer.json();
  }

  private AlertmanagerException malformed(String what, String problem) {
    return new AlertmanagerException("Alertmanager at " + api.baseUrl() + " answered " + what
        + " with an unexpected shape: " + problem);
  }

  private Map<String, String> labels(JsonNode node, String what) throws AlertmanagerException {
    if (!node.isObject()) {
      throw malformed(what, "labels are not an object");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    node.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  private Instant time(JsonNode node, String what) throws AlertmanagerException {
    try {
      return OffsetDateTime.parse(node.asText("")).toInstant();
    } catch (DateTimeParseException e) {
      throw malformed(what, "'" + node.asText("") + "' is not an RFC 3339 time");
    }
  }

  private static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "AlertmanagerClient[" + api + "]";
  }
}
