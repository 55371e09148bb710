package io.drillbook.drill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drillbook.config.DrillConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.VerificationConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The drill-in-progress marker a drill writes on its target Deployment before it changes anything, and removes
 * once staging is back: if the process dies in between, the marker says what to restore, whose it was and from
 * when on nobody is coming back for it.
 *
 * @param drillId the drill run that wrote it
 * @param drill the configured drill name
 * @param method rollback method, e.g. {@code kubernetes}
 * @param environment configured environment label
 * @param fromRevision the revision running before the drill
 * @param fromImage its container image(s): what a recovery restores
 * @param toRevision the revision the drill rolls back to
 * @param toImage its container image(s)
 * @param startedAt when the drill started
 * @param deadline by when the drill would have ended, restore included, however slow each phase was
 * @param holder who ran it: {@code host/pid-N/<drill id>}, the same identity its target Lease holds
 * @param evidenceLog where the drill appends its entry, for operators; may be null
 * @param changedBy the drill's fallback method once it took its fallback path (the revisions are then that path's,
 *     and a recovery restores through it); null while the drill's own method is the one changing the target
 * @param paused the reconcilers' fields a {@code gitops: pause} drill changes (or may have changed) before its
 *     rollback, with what they held: a recovery puts them back after restoring
 */
public record InProgressMarker(
    String drillId, String drill, String method, String environment, long fromRevision, String fromImage,
    long toRevision, String toImage, Instant startedAt, Instant deadline, String holder, String evidenceLog,
    String changedBy, java.util.List<PauseStep> paused) {

  /** The annotation on the Deployment that holds the marker as JSON. */
  public static final String ANNOTATION = "drillbook.io/drill-in-progress";

  /**
   * The newest marker format, written as {@code formatVersion}; a marker without one was written before the field
   * existed and reads as version 1. Version 2 adds {@code changedBy}, and is written only by a drill that took its
   * fallback, so that an older drillbook refuses to recover it through the wrong path. Version 3 adds
   * {@code paused}, written only by a drill that paused a GitOps owner, so that an older drillbook cannot recover it
   * and leave the owner suspended. Every other marker is still written as version 1. A newer version than this
   * release knows is refused, not guessed at.
   */
  public static final int FORMAT_VERSION = 3;

  /** Slack on top of the drill's own timeouts: API calls, evidence, a slow machine. */
  static final Duration MIN_MARGIN = Duration.ofSeconds(10);

  /** The verification wait assumed when neither a timeout nor a sustain window is configured. */
  static final Duration UNKNOWN_SUSTAIN = Duration.ofHours(1);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public InProgressMarker {
    requireText(drillId, "drillId");
    requireText(drill, "drill");
    requireText(fromImage, "fromImage");
    requireText(holder, "holder");
    Objects.requireNonNull(startedAt, "'startedAt' must not be null");
    Objects.requireNonNull(deadline, "'deadline' must not be null");
    method = method == null ? "" : method;
    environment = environment == null ? "" : environment;
    toImage = toImage == null ? "" : toImage;
    changedBy = changedBy == null || changedBy.isBlank() ? null : changedBy;
    paused = paused == null ? java.util.List.of() : java.util.List.copyOf(paused);
  }

  public InProgressMarker(String drillId, String drill, String method, String environment, long fromRevision,
      String fromImage, long toRevision, String toImage, Instant startedAt, Instant deadline, String holder,
      String evidenceLog, String changedBy) {
    this(drillId, drill, method, environment, fromRevision, fromImage, toRevision, toImage, startedAt, deadline,
        holder, evidenceLog, changedBy, null);
  }

  /** A marker of a drill still on its own path. */
  public InProgressMarker(String drillId, String drill, String method, String environment, long fromRevision,
      String fromImage, long toRevision, String toImage, Instant startedAt, Instant deadline, String holder,
      String evidenceLog) {
    this(drillId, drill, method, environment, fromRevision, fromImage, toRevision, toImage, startedAt, deadline,
        holder, evidenceLog, null);
  }

  /** The method whose path changed the target last: the fallback once taken, else the drill's own. */
  public String restoreMethod() {
    return changedBy != null ? changedBy : method;
  }

  /** This marker once the drill took its fallback path {@code path}, planned as {@code plan}. */
  public InProgressMarker changedBy(String path, RollbackPlan plan) {
    return new InProgressMarker(drillId, drill, method, environment, plan.fromRevision(), plan.fromImage(),
        plan.toRevision(), plan.toImage(), startedAt, deadline, holder, evidenceLog, path, paused);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + field + "' must not be blank");
    }
  }

  /** The marker of a drill about to roll back as {@code plan} says, due after its whole time budget. */
  public static InProgressMarker of(DrillConfig drill, String drillId, RollbackPlan plan, Instant startedAt,
      String holder) {
    return new InProgressMarker(drillId, drill.name(), drill.method().configName(), drill.environment(),
        plan.fromRevision(), plan.fromImage(), plan.toRevision(), plan.toImage(), startedAt,
        startedAt.plus(budget(drill)), holder, drill.evidenceLog() == null ? null : drill.evidenceLog().toString(),
        null, plan.ownership().pauseSteps());
  }

  /**
   * The longest a drill can take when every wait runs to its timeout: the rollback and the restore each wait up
   * to {@code timeouts.rollout} for the rollout (a github-actions drill also follows each workflow run for up to as
   * long; a helm drill waits up to {@code helm.timeout} for each helm command), then health and verification; a
   * drill with a fallback may run a second rollback and health check; plus a tenth and at least
   * {@link #MIN_MARGIN} of slack.
   */
  public static Duration budget(DrillConfig drill) {
    Duration rollout = drill.timeouts().rollout();
    Duration waits = rollout.multipliedBy(drill.method() == RollbackMethod.GITHUB_ACTIONS ? 4 : 2);
    if (drill.helm() != null) {
      waits = waits.plus(drill.helm().timeout().multipliedBy(2));
    }
    if (drill.health() != null) {
      waits = waits.plus(drill.timeouts().health());
    }
    if (drill.fallback() != null) {
      waits = waits.plus(rollout);
      if (drill.health() != null) {
        waits = waits.plus(drill.timeouts().health());
      }
    }
    VerificationConfig verify = drill.verification();
    if (verify != null) {
      waits = waits.plus(verify.timeout() != null ? verify.timeout()
          : (verify.sustain() != null ? verify.sustain() : UNKNOWN_SUSTAIN).plusMinutes(10));
    }
    return waits.plus(MIN_MARGIN).plus(waits.dividedBy(10));
  }

  /** The same marker, due at {@code when} (a drill whose restore failed hands staging to {@code recover} at once). */
  public InProgressMarker dueAt(Instant when) {
    return new InProgressMarker(drillId, drill, method, environment, fromRevision, fromImage, toRevision, toImage,
        startedAt, when, holder, evidenceLog, changedBy, paused);
  }

  /** Whether the drill's time is up at {@code now}. */
  public boolean overdue(Instant now) {
    return now.isAfter(deadline);
  }

  /** The annotation value: one compact JSON object. */
  public String toJson() {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("formatVersion", !paused.isEmpty() ? 3 : changedBy == null ? 1 : 2);
    o.put("drillId", drillId);
    o.put("drill", drill);
    o.put("method", method);
    o.put("environment", environment);
    o.put("fromRevision", fromRevision);
    o.put("fromImage", fromImage);
    o.put("toRevision", toRevision);
    o.put("toImage", toImage);
    o.put("startedAt", startedAt.toString());
    o.put("deadline", deadline.toString());
    o.put("holder", holder);
    if (evidenceLog != null) {
      o.put("evidenceLog", evidenceLog);
    }
    if (changedBy != null) {
      o.put("changedBy", changedBy);
    }
    if (!paused.isEmpty()) {
      var steps = o.putArray("paused");
      for (PauseStep p : paused) {
        ObjectNode step = steps.addObject();
        step.put("owner", p.owner());
        step.put("apiVersion", p.apiVersion());
        step.put("resource", p.resource());
        step.put("namespace", p.namespace());
        step.put("name", p.name());
        step.put("path", p.path());
        if (p.original() != null) {
          step.put("original", p.original());
        }
        if (p.paused() != null) {
          step.put("paused", p.paused());
        }
      }
    }
    return o.toString();
  }

  /**
   * Reads an annotation value written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException naming what is wrong, when it is not such a marker
   */
  public static InProgressMarker parse(String json) {
    JsonNode o;
    try {
      o = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("annotation " + ANNOTATION + " is not JSON: "
          + e.getOriginalMessage());
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("annotation " + ANNOTATION + " is not a JSON object");
    }
    JsonNode version = o.get("formatVersion");
    if (version != null && (!version.isIntegralNumber() || version.asInt() < 1)) {
      throw new IllegalArgumentException("annotation " + ANNOTATION + ": 'formatVersion' must be a positive integer");
    }
    if (version != null && version.asInt() > FORMAT_VERSION) {
      throw new IllegalArgumentException("annotation " + ANNOTATION + " has format version " + version.asInt()
          + ", newer than this drillbook reads (" + FORMAT_VERSION + "); recover it with a newer drillbook");
    }
    return new InProgressMarker(text(o, "drillId", true), text(o, "drill", true), text(o, "method", false),
        text(o, "environment", false), number(o, "fromRevision"), text(o, "fromImage", true),
        number(o, "toRevision"), text(o, "toImage", false), instant(o, "startedAt"), instant(o, "deadline"),
        text(o, "holder", true), text(o, "evidenceLog", false), text(o, "changedBy", false), paused(o));
  }

  private static java.util.List<PauseStep> paused(JsonNode o) {
    JsonNode steps = o.get("paused");
    if (steps == null || steps.isNull()) {
      return java.util.List.of();
    }
    if (!steps.isArray()) {
      throw new IllegalArgumentException("annotation " + ANNOTATION + ": 'paused' must be a list");
    }
    java.util.List<PauseStep> out = new java.util.ArrayList<>();
    for (JsonNode step : steps) {
      if (!step.isObject()) {
        throw new IllegalArgumentException("annotation " + ANNOTATION + ": each of 'paused' must be an object");
      }
      out.add(new PauseStep(text(step, "owner", true), text(step, "apiVersion", true), text(step, "resource", true),
          text(step, "namespace", true), text(step, "name", true), text(step, "path", true),
          text(step, "original", false), text(step, "paused", false)));
    }
    return out;
  }

  private static String text(JsonNode o, String field, boolean required) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException("annotation " + ANNOTATION + ": '" + field + "' is missing");
      }
      return null;
    }
    if (!v.isTextual() || (required && v.asText().isBlank())) {
      throw new IllegalArgumentException("annotation " + ANNOTATION + ": '" + field + "' must be a non-blank string");
    }
    return v.asText();
  }

  private static long number(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("annotation " + ANNOTATION + ": '" + field + "' must be a revision number");
    }
    return v.asLong();
  }

  private static Instant instant(JsonNode o, String field) {
    String text = text(o, field, true);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("annotation " + ANNOTATION + ": '" + field
          + "' must be an ISO-8601 UTC instant, found '" + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
          + "'");
    }
  }
}
