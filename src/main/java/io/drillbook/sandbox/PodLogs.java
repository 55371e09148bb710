package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/namespaces/{ns}/pods/{name}/log}: the container log a pod of the sandbox would have written,
 * generated on each request from the pod's start time to now, at most {@value #MAX_LINES} lines.
 *
 * <p>A working image logs one INFO line a second (requests handled, every tenth a health check). A crashing image
 * does the same but every {@value #CRASH_EVERY_SECONDS} seconds logs an ERROR followed by the same
 * {@code java.lang.IllegalStateException: orchestration queue closed} trace. A broken (crash-looping) image logs
 * only its last, failed start. Honours {@code container}, {@code sinceSeconds}, {@code sinceTime},
 * {@code tailLines}, {@code timestamps} and {@code limitBytes}; {@code follow} answers what is there and ends.
 */
final class PodLogs {

  static final int MAX_LINES = 2000;
  static final int CRASH_EVERY_SECONDS = 5;
  static final String CRASH_EXCEPTION = "java.lang.IllegalStateException: orchestration queue closed";

  private static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/?]+)/pods/([^/?]+)/log(?:\\?(.*))?$");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter APP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
      .withZone(ZoneOffset.UTC);
  private static final long EVENT_NANOS = Duration.ofSeconds(1).toNanos();

  private final Clock clock;
  private final Set<String> brokenImages;
  private final Set<String> crashingImages;

  PodLogs(Clock clock, Set<String> brokenImages, Set<String> crashingImages) {
    this.clock = clock;
    this.brokenImages = Set.copyOf(brokenImages);
    this.crashingImages = Set.copyOf(crashingImages);
  }

  static boolean handles(String method, String path) {
    return "GET".equalsIgnoreCase(method) && path != null && PATH.matcher(path).matches();
  }

  /** Answers a log request; {@code pods} looks a pod up by namespace and name. */
  MockResponse respond(String path, BiFunction<String, String, Optional<Pod>> pods) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return status(404, "NotFound", "the server could not find the requested resource", null);
    }
    String namespace = decode(m.group(1));
    String name = decode(m.group(2));
    Map<String, String> query = query(m.group(3));
    Optional<Pod> found = pods.apply(namespace, name);
    if (found.isEmpty()) {
      return status(404, "NotFound", "pods \"" + name + "\" not found", name);
    }
    Pod pod = found.get();
    List<Container> containers = pod.getSpec().getContainers();
    String containerName = query.get("container");
    Container container;
    if (containerName == null || containerName.isEmpty()) {
      if (containers.size() != 1) {
        return status(400, "BadRequest", "a container name must be specified for pod " + name + ", choose one of: "
            + containers.stream().map(Container::getName).toList().toString().replace(",", ""), null);
      }
      container = containers.get(0);
    } else {
      container = containers.stream().filter(c -> c.getName().equals(containerName)).findFirst().orElse(null);
      if (container == null) {
        return status(400, "BadRequest", "container " + containerName + " is not valid for pod " + name, null);
      }
    }
    Instant started = containerStart(pod, container);
    if (started == null) {
      return status(400, "BadRequest", "container \"" + container.getName() + "\" in pod \"" + name
          + "\" is waiting to start: ContainerCreating", null);
    }
    Instant now = clock.instant();
    Instant since = started;
    Integer tail = null;
    Long limitBytes = null;
    try {
      if (query.containsKey("sinceSeconds")) {
        long seconds = Long.parseLong(query.get("sinceSeconds"));
        if (seconds < 1) {
          return invalid("sinceSeconds", query.get("sinceSeconds"), "must be greater than 0");
        }
        since = later(since, now.minusSeconds(seconds));
      } else if (query.containsKey("sinceTime")) {
        since = later(since, Instant.parse(query.get("sinceTime")));
      }
      if (query.containsKey("tailLines")) {
        tail = Integer.parseInt(query.get("tailLines"));
        if (tail < 0) {
          return invalid("tailLines", query.get("tailLines"), "must be greater than or equal to 0");
        }
      }
      if (query.containsKey("limitBytes")) {
        limitBytes = Long.parseLong(query.get("limitBytes"));
        if (limitBytes < 1) {
          return invalid("limitBytes", query.get("limitBytes"), "must be greater than 0");
        }
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      return status(400, "BadRequest", "invalid log query: " + e.getMessage(), null);
    }
    boolean timestamps = "true".equalsIgnoreCase(query.get("timestamps"));
    List<Line> lines = lines(pod, container, started, since, now);
    if (tail != null && lines.size() > tail) {
      lines = lines.subList(lines.size() - tail, lines.size());
    }
    StringBuilder body = new StringBuilder();
    for (Line line : lines) {
      String text = (timestamps ? rfc3339Nano(line.at()) + " " : "") + line.text() + "\n";
      if (limitBytes != null && body.length() + text.length() > limitBytes) {
        body.append(text, 0, (int) Math.max(0, limitBytes - body.length()));
        break;
      }
      body.append(text);
    }
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
        .setBody(body.toString());
  }

  /** One logged line and when the container wrote it. */
  record Line(Instant at, String text) {}

  /** The lines {@code container} of {@code pod} wrote in {@code [since, now]}, the newest {@value #MAX_LINES}. */
  List<Line> lines(Pod pod, Container container, Instant started, Instant since, Instant now) {
    String image = container.getImage();
    String seed = pod.getMetadata().getName() + "/" + container.getName();
    Service service = new Service(image);
    List<Line> out = new ArrayList<>();
    if (brokenImages.contains(image)) {
      // A crash-looping container's log is that of its last attempt: it starts and dies at once.
      for (Line line : service.failedStart(started, seed)) {
        if (!line.at().isBefore(since) && !line.at().isAfter(now)) {
          out.add(line);
        }
      }
      return out;
    }
    boolean crashing = crashingImages.contains(image);
    long last = Duration.between(started, now).toNanos() / EVENT_NANOS;
    if (last < 0) {
      return out;
    }
    long fromSince = Math.max(0, Duration.between(started, since).toNanos() / EVENT_NANOS - 1);
    long first = Math.max(fromSince, last - MAX_LINES + 1);
    for (long k = Math.max(0, first); k <= last; k++) {
      for (Line line : service.event(started, k, seed, crashing)) {
        if (!line.at().isBefore(since) && !line.at().isAfter(now)) {
          out.add(line);
        }
      }
    }
    out.sort(java.util.Comparator.comparing(Line::at));
    return out.size() > MAX_LINES ? new ArrayList<>(out.subList(out.size() - MAX_LINES, out.size())) : out;
  }

  /** What one simulated service logs; deterministic per pod, container and second. */
  private static final class Service {
    private final String version;
    private final String pkg;
    private final String app;

    Service(String image) {
      String repository = ImageRefs.repository(image);
      String simple = repository.substring(repository.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9]", "");
      this.version = image.length() > repository.length() ? image.substring(repository.length() + 1) : "latest";
      this.pkg = "io.maestro." + (simple.isEmpty() ? "app" : simple.toLowerCase());
      this.app = Character.toUpperCase(this.pkg.charAt(this.pkg.lastIndexOf('.') + 1))
          + this.pkg.substring(this.pkg.lastIndexOf('.') + 2) + "Application";
    }

    List<Line> event(Instant started, long k, String seed, boolean crashing) {
      // The first line comes within milliseconds of the container's start, later ones anywhere in their second.
      long jitter = k == 0 ? Math.floorMod(mix(seed, k), 5_000_000L) : Math.floorMod(mix(seed, k), 900_000_000L);
      Instant at = started.plusNanos(k * EVENT_NANOS + jitter);
      List<Line> out = new ArrayList<>();
      int exec = (int) Math.floorMod(mix(seed, k * 31), 10L) + 1;
      if (k == 0) {
        out.add(new Line(at, app(at, "INFO", "main", pkg + "." + app, "Starting " + app + " v" + version
            + " using Java 17.0.12 with PID 1")));
        out.add(new Line(at.plusNanos(412_000_000L), app(at.plusNanos(412_000_000L), "INFO", "main",
            pkg + "." + app, "Started " + app + " in 3.412 seconds (process running for 3.9)")));
        return out;
      }
      if (crashing && k % CRASH_EVERY_SECONDS == 3) {
        long task = 4000 + k;
        out.add(new Line(at, app(at, "ERROR", "orchestrator-" + exec, pkg + ".queue.QueueWorker",
            "task " + task + " failed, will retry")));
        String[] trace = {
            CRASH_EXCEPTION,
            "\tat " + pkg + ".queue.OrchestrationQueue.poll(OrchestrationQueue.java:142)",
            "\tat " + pkg + ".queue.QueueWorker.runOnce(QueueWorker.java:88)",
            "\tat " + pkg + ".queue.QueueWorker.run(QueueWorker.java:61)",
            "\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)",
            "\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:642)",
            "\tat java.base/java.lang.Thread.run(Thread.java:840)"};
        for (int i = 0; i < trace.length; i++) {
          out.add(new Line(at.plusNanos(17_000L * (i + 1)), trace[i]));
        }
        return out;
      }
      if (k % 10 == 5) {
        out.add(new Line(at, app(at, "INFO", "http-nio-8080-exec-" + exec, pkg + ".health.HealthLog",
            "health ok status=UP db=UP queue=UP")));
        return out;
      }
      String[] paths = {"/api/v1/runs", "/api/v1/runs/" + (1000 + k % 97), "/api/v1/pipelines", "/api/v1/status"};
      String path = paths[(int) Math.floorMod(mix(seed, k * 7), (long) paths.length)];
      long millis = 3 + Math.floorMod(mix(seed, k * 13), 40L);
      out.add(new Line(at, app(at, "INFO", "http-nio-8080-exec-" + exec, pkg + ".web.RequestLog",
          "request handled method=GET path=" + path + " status=200 duration=" + millis + "ms")));
      return out;
    }

    List<Line> failedStart(Instant started, String seed) {
      List<Line> out = new ArrayList<>();
      Instant at = started.plusNanos(Math.floorMod(mix(seed, 0), 200_000_000L));
      out.add(new Line(at, app(at, "INFO", "main", pkg + "." + app, "Starting " + app + " v" + version
          + " using Java 17.0.12 with PID 1")));
      Instant failed = at.plusMillis(1840);
      out.add(new Line(failed, app(failed, "ERROR", "main", "o.s.boot.SpringApplication", "Application run failed")));
      String[] trace = {
          "java.lang.IllegalStateException: cannot connect to orchestration queue at queue:5672",
          "\tat " + pkg + ".queue.OrchestrationQueue.connect(OrchestrationQueue.java:57)",
          "\tat " + pkg + "." + app + ".main(" + app + ".java:21)"};
      for (int i = 0; i < trace.length; i++) {
        out.add(new Line(failed.plusNanos(17_000L * (i + 1)), trace[i]));
      }
      return out;
    }

    private static String app(Instant at, String level, String thread, String logger, String message) {
      return APP_TIME.format(at) + " " + String.format("%5s", level) + " 1 --- [" + thread + "] " + logger + " : "
          + message;
    }

    private static long mix(String seed, long k) {
      long h = seed.hashCode() * 0x9E3779B97F4A7C15L + k * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
      h *= 0x94D049BB133111EBL;
      return h ^ (h >>> 29);
    }
  }

  /** When the container's current (or, crash-looping, last) attempt started; null when it has not yet. */
  private static Instant containerStart(Pod pod, Container container) {
    if (pod.getStatus() == null || pod.getStatus().getStartTime() == null
        || !"Running".equals(pod.getStatus().getPhase())) {
      return null;
    }
    if (pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
        if (!container.getName().equals(status.getName()) || status.getState() == null) {
          continue;
        }
        if (status.getState().getRunning() != null && status.getState().getRunning().getStartedAt() != null) {
          return Instant.parse(status.getState().getRunning().getStartedAt());
        }
        if (status.getLastState() != null && status.getLastState().getTerminated() != null
            && status.getLastState().getTerminated().getStartedAt() != null) {
          return Instant.parse(status.getLastState().getTerminated().getStartedAt());
        }
      }
    }
    return Instant.parse(pod.getStatus().getStartTime());
  }

  /** Go's {@code time.RFC3339Nano} in UTC, as the kubelet writes {@code timestamps=true}: trailing zeros dropped. */
  static String rfc3339Nano(Instant at) {
    String base = DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC)
        .format(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    int nanos = at.getNano();
    if (nanos == 0) {
      return base + "Z";
    }
    String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
    return base + "." + fraction + "Z";
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.putIfAbsent(key, value);
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static MockResponse invalid(String field, String value, String detail) {
    return status(422, "Invalid", "PodLogOptions \"\" is invalid: " + field + ": Invalid value: " + value + ": "
        + detail, null);
  }

  /** A {@code v1 Status} failure body like the API server's. */
  static MockResponse status(int code, String reason, String message, String podName) {
    ObjectNode body = JSON.createObjectNode();
    body.put("kind", "Status");
    body.put("apiVersion", "v1");
    body.putObject("metadata");
    body.put("status", "Failure");
    body.put("message", message);
    body.put("reason", reason);
    if (podName != null) {
      body.putObject("details").put("name", podName).put("kind", "pods");
    }
    body.put("code", code);
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }
}
