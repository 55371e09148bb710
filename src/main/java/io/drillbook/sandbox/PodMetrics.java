package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code metrics.k8s.io/v1beta1} PodMetrics, as metrics-server serves them to {@code kubectl top pod}: one entry per
 * running pod, each container's usage steady around a level derived from the pod's name (CPU in nanocores, memory in
 * KiB), sampled over a 15 s window. Pods that are not running (crash-looping images) have no metrics, as on a node.
 */
final class PodMetrics {

  private static final Pattern PATH =
      Pattern.compile("^/apis/metrics\\.k8s\\.io/v1beta1/namespaces/([^/?]+)/pods(?:/([^/?]+))?(\\?.*)?$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final Set<String> unsteadyImages;

  PodMetrics(Clock clock, Set<String> unsteadyImages) {
    this.clock = clock;
    this.unsteadyImages = Set.copyOf(unsteadyImages);
  }

  static boolean handles(String method, String path) {
    return "GET".equalsIgnoreCase(method) && path != null && PATH.matcher(path).matches();
  }

  /** Answers a metrics request; {@code pods} answers a pods GET path with the store's JSON (null when none). */
  MockResponse respond(String path, Function<String, String> pods) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return new MockResponse().setResponseCode(404);
    }
    String namespace = m.group(1);
    String name = m.group(2);
    String selector = UrlParts.query(path).get("labelSelector");
    String podsPath = "/api/v1/namespaces/" + namespace + "/pods" + (name != null ? "/" + name
        : selector != null ? "?labelSelector=" + UrlParts.encode(selector) : "");
    try {
      String stored = pods.apply(podsPath);
      JsonNode found = stored == null ? null : JSON.readTree(stored);
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      if (name != null) {
        ObjectNode metrics = found == null ? null : metrics(found, now);
        return metrics == null ? notFound(name) : json(metrics);
      }
      ObjectNode list = JSON.createObjectNode().put("kind", "PodMetricsList").put("apiVersion",
          "metrics.k8s.io/v1beta1");
      list.putObject("metadata");
      ArrayNode items = list.putArray("items");
      if (found != null) {
        found.path("items").forEach(pod -> {
          ObjectNode metrics = metrics(pod, now);
          if (metrics != null) {
            items.add(metrics);
          }
        });
      }
      return json(list);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode metrics(JsonNode pod, Instant now) {
    if (!"Running".equals(pod.path("status").path("phase").asText())
        || pod.path("status").path("containerStatuses").findValues("running").isEmpty()) {
      return null;
    }
    ObjectNode metrics = JSON.createObjectNode().put("kind", "PodMetrics").put("apiVersion", "metrics.k8s.io/v1beta1");
    ObjectNode metadata = metrics.putObject("metadata");
    metadata.put("name", pod.path("metadata").path("name").asText());
    metadata.put("namespace", pod.path("metadata").path("namespace").asText());
    metadata.put("creationTimestamp", now.toString());
    metadata.set("labels", pod.path("metadata").path("labels"));
    metrics.put("timestamp", now.minusSeconds(7).toString());
    metrics.put("window", "15.012s");
    ArrayNode containers = metrics.putArray("containers");
    for (JsonNode container : pod.path("spec").path("containers")) {
      long seed = Long.parseLong(PodKeeper.hex(pod.path("metadata").path("name").asText()
          + container.path("name").asText(), 8), 16);
      long nanocores = (18 + seed % 17) * 1_000_000L + seed % 999_983;
      if (unsteadyImages.contains(container.path("image").asText())) {
        // A pod doing bursts of work: about 20m one second, about 900m the next.
        nanocores = now.getEpochSecond() % 2 == 0 ? nanocores : nanocores * 40;
      }
      long kibibytes = (205 + (seed >> 8) % 60) * 1024L + (seed >> 16) % 1024;
      ObjectNode usage = containers.addObject().put("name", container.path("name").asText()).putObject("usage");
      usage.put("cpu", nanocores + "n");
      usage.put("memory", kibibytes + "Ki");
    }
    return metrics;
  }

  private static MockResponse json(JsonNode body) throws IOException {
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
        .setBody(JSON.writeValueAsString(body));
  }

  private static MockResponse notFound(String name) {
    return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
        .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"podmetrics.metrics.k8s.io \\\"" + name + "\\\" not found\",\"reason\":\"NotFound\","
            + "\"details\":{\"name\":\"" + name + "\",\"group\":\"metrics.k8s.io\",\"kind\":\"pods\"},\"code\":404}");
  }
}
