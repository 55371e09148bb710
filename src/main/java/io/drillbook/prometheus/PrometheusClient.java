package io.drillbook.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/** Asks a Prometheus server's HTTP API (v1) for instant query results and series. */
public final class PrometheusClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final int MAX_QUOTED = 200;

  private final URI baseUrl;
  private final String bearerToken;
  private final Duration requestTimeout;
  private final HttpClient http;

  /**
   * @param baseUrl where Prometheus serves {@code /api/v1}, e.g. {@code http://prometheus:9090} or a path prefix
   *     such as {@code https://gw.example/prometheus}; it must not hold credentials
   * @param bearerToken sent as {@code Authorization: Bearer ...}, or null for none; never printed
   * @param requestTimeout how long one request may take, connecting included
   */
  public PrometheusClient(URI baseUrl, String bearerToken, Duration requestTimeout) {
    Objects.requireNonNull(baseUrl, "'baseUrl' must not be null");
    Objects.requireNonNull(requestTimeout, "'requestTimeout' must not be null");
    if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
      throw new IllegalArgumentException("Prometheus URL must be http or https: " + baseUrl.getScheme());
    }
    if (baseUrl.getRawUserInfo() != null) {
      throw new IllegalArgumentException("Prometheus URL must not hold credentials; pass a bearer token instead");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("'requestTimeout' must be positive: " + requestTimeout);
    }
    String text = baseUrl.toString();
    this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.bearerToken = bearerToken == null || bearerToken.isBlank() ? null : bearerToken.strip();
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(requestTimeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * Evaluates {@code promql} at {@code time} ({@code /api/v1/query}).
   *
   * @return one sample per series of a vector result, or one unlabelled sample for a scalar result
   * @throws PrometheusException if Prometheus is unreachable, answers an HTTP error or {@code status: error}, or
   *     answers something that is not its JSON API or another result type
   */
  public List<Sample> instantQuery(String promql, Instant time) throws PrometheusException, InterruptedException {
    return await(instantQueryAsync(promql, time));
  }

  /**
   * Whether Prometheus holds any series of the metric {@code metricName} in its retained data
   * ({@code /api/v1/series}).
   *
   * @throws IllegalArgumentException if {@code metricName} is not a valid metric name
   * @throws PrometheusException as {@link #instantQuery}
   */
  public boolean seriesExist(String metricName) throws PrometheusException, InterruptedException {
    Objects.requireNonNull(metricName, "'metricName' must not be null");
    if (!METRIC_NAME.matcher(metricName).matches()) {
      throw new IllegalArgumentException("not a metric name: '" + metricName + "'");
    }
    String what = "series of " + metricName;
    return await(send("/api/v1/series", Map.of("match[]", metricName), what)
        .thenApply(response -> parsed(() -> parseSeriesResponse(response.statusCode(), contentType(response),
            response.body(), what)))
        .thenApply(series -> !series.isEmpty()));
  }

  /**
   * Evaluates {@code promql} from {@code start} to {@code end} every {@code step} ({@code /api/v1/query_range}).
   *
   * @return one series per label set, each with the times it had a value
   * @throws PrometheusException as {@link #instantQuery}, or if the result is not a matrix
   */
  public List<RangeSeries> rangeQuery(String promql, Instant start, Instant end, Duration step)
      throws PrometheusException, InterruptedException {
    Objects.requireNonNull(promql, "'promql' must not be null");
    Map<String, String> params = new LinkedHashMap<>();
    params.put("query", promql);
    params.put("start", seconds(start));
    params.put("end", seconds(end));
    params.put("step", java.math.BigDecimal.valueOf(step.toMillis(), 3).stripTrailingZeros().toPlainString());
    String what = "range query " + quoted(promql);
    return await(send("/api/v1/query_range", params, what)
        .thenApply(response -> parsed(() -> parseRangeResponse(response.statusCode(), contentType(response),
            response.body(), what))));
  }

  /** The alerts Prometheus's rules hold active now, pending and firing ({@code /api/v1/alerts}). */
  public List<RuleAlert> alerts() throws PrometheusException, InterruptedException {
    String what = "active alerts";
    return await(send("/api/v1/alerts", Map.of(), what)
        .thenApply(response -> parsed(() -> parseAlertsResponse(response.statusCode(), contentType(response),
            response.body(), what))));
  }

  /** The alerting rules Prometheus has loaded ({@code /api/v1/rules?type=alert}), in group order. */
  public List<AlertingRule> alertingRules() throws PrometheusException, InterruptedException {
    String what = "alerting rules";
    return await(send("/api/v1/rules", Map.of("type", "alert"), what)
        .thenApply(response -> parsed(() -> parseRulesResponse(response.statusCode(), contentType(response),
            response.body(), what))));
  }

  /** The recording rules Prometheus has loaded, name to expression ({@code /api/v1/rules?type=record}). */
  public Map<String, String> recordingRules() throws PrometheusException, InterruptedException {
    String what = "recording rules";
    return await(send("/api/v1/rules", Map.of("type", "record"), what)
        .thenApply(response -> parsed(() -> parseRecordingRules(response.statusCode(), contentType(response),
            response.body(), what))));
  }

  /** As {@link #instantQuery}, without blocking; the future fails with a {@link PrometheusException}. */
  CompletableFuture<List<Sample>> instantQueryAsync(String promql, Instant time) {
    Objects.requireNonNull(promql, "'promql' must not be null");
    Objects.requireNonNull(time, "'time' must not be null");
    Map<String, String> params = new LinkedHashMap<>();
    params.put("query", promql);
    params.put("time", seconds(time));
    String what = "query " + quoted(promql);
    return send("/api/v1/query", params, what)
        .thenApply(response -> parsed(() -> parseQueryResponse(response.statusCode(), contentType(response),
            response.body(), what)));
  }

  private CompletableFuture<HttpResponse<String>> send(String path, Map<String, String> params, String what) {
    StringBuilder query = new StringBuilder();
    params.forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&")
        .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path + query))
        .timeout(requestTimeout).GET()
        .header("Accept", "application/json")
        .header("User-Agent", "drillbook");
    if (bearerToken != null) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .exceptionallyCompose(failure -> CompletableFuture.failedFuture(transportFailure(unwrap(failure), what)));
  }

  private PrometheusException transportFailure(Throwable failure, String what) {
    if (failure instanceof HttpConnectTimeoutException) {
      return new PrometheusException("Prometheus at " + baseUrl + " is unreachable: no connection within "
          + requestTimeout.toMillis() + " ms (" + what + ")", failure);
    }
    if (failure instanceof HttpTimeoutException) {
      return new PrometheusException("Prometheus at " + baseUrl + " did not answer within "
          + requestTimeout.toMillis() + " ms (" + what + ")", failure);
    }
    if (failure instanceof ConnectException || failure instanceof IOException) {
      return new PrometheusException("Prometheus at " + baseUrl + " is unreachable: " + describe(failure)
          + " (" + what + ")", failure);
    }
    return new PrometheusException("Prometheus at " + baseUrl + " could not be asked: " + describe(failure)
        + " (" + what + ")", failure);
  }

  static List<Sample> parseQueryResponse(int status, String contentType, String body, String what)
      throws PrometheusException {
    JsonNode data = data(status, contentType, body, what);
    String resultType = data.path("resultType").asText("");
    JsonNode result = data.path("result");
    switch (resultType) {
      case "vector" -> {
        if (!result.isArray()) {
          throw malformed(what, "vector result is not an array");
        }
        List<Sample> samples = new ArrayList<>(result.size());
        for (JsonNode series : result) {
          samples.add(new Sample(labels(series.path("metric"), what), value(series.path("value"), what)));
        }
        return List.copyOf(samples);
      }
      case "scalar" -> {
        return List.of(new Sample(Map.of(), value(result, what)));
      }
      default -> throw new PrometheusException("Prometheus answered " + what
          + " with resultType '" + resultType + "'; a threshold needs a vector or scalar");
    }
  }

  static List<Map<String, String>> parseSeriesResponse(int status, String contentType, String body,
      String what) throws PrometheusException {
    JsonNode data = data(status, contentType, body, what);
    if (!data.isArray()) {
      throw malformed(what, "data is not an array");
    }
    List<Map<String, String>> series = new ArrayList<>(data.size());
    for (JsonNode labels : data) {
      series.add(labels(labels, what));
    }
    return List.copyOf(series);
  }

  static List<RangeSeries> parseRangeResponse(int status, String contentType, String body, String what)
      throws PrometheusException {
    JsonNode data = data(status, contentType, body, what);
    if (!"matrix".equals(data.path("resultType").asText(""))) {
      throw new PrometheusException("Prometheus answered " + what + " with resultType '"
          + data.path("resultType").asText("") + "'; a range query answers a matrix");
    }
    JsonNode result = data.path("result");
    if (!result.isArray()) {
      throw malformed(what, "matrix result is not an array");
    }
    List<RangeSeries> series = new ArrayList<>(result.size());
    for (JsonNode s : result) {
      JsonNode values = s.path("values");
      if (!values.isArray()) {
        throw malformed(what, "a series has no values array");
      }
      List<Instant> times = new ArrayList<>(values.size());
      for (JsonNode pair : values) {
        value(pair, what);
        times.add(time(pair.get(0), what));
      }
      series.add(new RangeSeries(labels(s.path("metric"), what), times));
    }
    return List.copyOf(series);
  }

  static List<RuleAlert> parseAlertsResponse(int status, String contentType, String body, String what)
      throws PrometheusException {
    JsonNode alerts = data(status, contentType, body, what).path("alerts");
    if (!alerts.isArray()) {
      throw malformed(what, "data.alerts is not an array");
    }
    List<RuleAlert> out = new ArrayList<>(alerts.size());
    for (JsonNode a : alerts) {
      Map<String, String> labels = labels(a.path("labels"), what);
      String state = a.path("state").asText("");
      if (state.isEmpty()) {
        throw malformed(what, "an alert has no state");
      }
      Instant activeAt = null;
      String at = a.path("activeAt").asText("");
      if (!at.isEmpty()) {
        try {
          activeAt = java.time.OffsetDateTime.parse(at).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
          throw malformed(what, "activeAt '" + snippet(at) + "' is not an RFC 3339 time");
        }
      }
      out.add(new RuleAlert(labels, state, activeAt));
    }
    return List.copyOf(out);
  }

  static List<AlertingRule> parseRulesResponse(int status, String contentType, String body, String what)
      throws PrometheusException {
    JsonNode groups = data(status, contentType, body, what).path("groups");
    if (!groups.isArray()) {
      throw malformed(what, "data.groups is not an array");
    }
    List<AlertingRule> out = new ArrayList<>();
    for (JsonNode group : groups) {
      for (JsonNode rule : group.path("rules")) {
        if (!"alerting".equals(rule.path("type").asText(""))) {
          continue;
        }
        String name = rule.path("name").asText("");
        String query = rule.path("query").asText("");
        if (name.isEmpty() || query.isEmpty()) {
          throw malformed(what, "an alerting rule has no name or query");
        }
        out.add(new AlertingRule(group.path("name").asText(""), group.path("file").asText(""), name, query,
            Duration.ofMillis(Math.round(rule.path("duration").asDouble(0) * 1000)),
            labels(rule.path("labels").isMissingNode() ? JSON.createObjectNode() : rule.path("labels"), what)));
      }
    }
    return List.copyOf(out);
  }

  static Map<String, String> parseRecordingRules(int status, String contentType, String body, String what)
      throws PrometheusException {
    JsonNode groups = data(status, contentType, body, what).path("groups");
    if (!groups.isArray()) {
      throw malformed(what, "data.groups is not an array");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode group : groups) {
      for (JsonNode rule : group.path("rules")) {
        if ("recording".equals(rule.path("type").asText(""))) {
          out.putIfAbsent(rule.path("name").asText(""), rule.path("query").asText(""));
        }
      }
    }
    return out;
  }

  private static Instant time(JsonNode unixSeconds, String what) throws PrometheusException {
    if (!unixSeconds.isNumber()) {
      throw malformed(what, "a sample time is not a number");
    }
    java.math.BigDecimal s = unixSeconds.decimalValue();
    return Instant.ofEpochSecond(s.longValue(), s.remainder(java.math.BigDecimal.ONE).movePointRight(9).longValue());
  }

  /** The {@code data} of a successful API answer; any other answer becomes a {@link PrometheusException}. */
  private static JsonNode data(int status, String contentType, String body, String what)
      throws PrometheusException {
    JsonNode root;
    try {
      root = JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      root = null;
    }
    boolean api = root != null && root.isObject() && root.has("status");
    if (!api && (status == 401 || status == 403)) {
      throw new PrometheusException("Prometheus refused " + what + " with HTTP " + status
          + "; check the bearer token and its permissions");
    }
    if (!api) {
      String kind = contentType == null || contentType.isBlank() ? "no content type" : contentType;
      String start = snippet(body);
      throw new PrometheusException("Prometheus answered " + what + " with HTTP " + status
          + " and a body that is not the Prometheus JSON API (" + kind
          + (start.isEmpty() ? ", empty" : ": " + start) + "); is the URL pointing at a proxy or login page?");
    }
    String apiStatus = root.path("status").asText("");
    if ("error".equals(apiStatus)) {
      throw new PrometheusException("Prometheus rejected " + what + " (HTTP " + status
          + ", " + root.path("errorType").asText("unknown error type") + "): "
          + oneLine(root.path("error").asText("no error message")));
    }
    if (status / 100 != 2) {
      throw new PrometheusException("Prometheus answered " + what + " with HTTP " + status
          + " and status '" + apiStatus + "'");
    }
    if (!"success".equals(apiStatus) || !root.has("data")) {
      throw malformed(what, "status '" + apiStatus + "' without data");
    }
    return root.get("data");
  }

  private static Map<String, String> labels(JsonNode node, String what) throws PrometheusException {
    if (!node.isObject()) {
      throw malformed(what, "series labels are not an object");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> label : node.properties()) {
      labels.put(label.getKey(), label.getValue().asText());
    }
    return labels;
  }

  /** A {@code [unixSeconds, "value"]} pair's value; Prometheus writes floats as strings, including NaN and Inf. */
  private static double value(JsonNode pair, String what) throws PrometheusException {
    if (!pair.isArray() || pair.size() != 2 || !pair.get(1).isTextual()) {
      throw malformed(what, "a value is not a [time, \"value\"] pair");
    }
    String text = pair.get(1).asText();
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw malformed(what, "value '" + snippet(text) + "' is not a number");
        }
      }
    };
  }

  private interface Parse<T> {
    T get() throws PrometheusException;
  }

  private <T> T parsed(Parse<T> parse) {
    try {
      return parse.get();
    } catch (PrometheusException e) {
      // The parsers are static and cannot name the server; an operator needs it to find the proxy in the way.
      String message = e.getMessage();
      if (message.startsWith("Prometheus ") && !message.startsWith("Prometheus at ")) {
        e = new PrometheusException("Prometheus at " + baseUrl + message.substring("Prometheus".length()), e);
      }
      throw new CompletionException(e);
    }
  }

  private static PrometheusException malformed(String what, String problem) {
    return new PrometheusException("Prometheus answered " + what + " with an unexpected shape: " + problem);
  }

  private static <T> T await(CompletableFuture<T> future) throws PrometheusException, InterruptedException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException | CancellationException e) {
      throw asPrometheusException(e);
    }
  }

  /** The {@link PrometheusException} a failed future of this client carries. */
  static PrometheusException asPrometheusException(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof PrometheusException prometheus) {
      return prometheus;
    }
    return new PrometheusException("Prometheus request failed: " + describe(cause), cause);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String contentType(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Type").orElse(null);
  }

  private static String seconds(Instant time) {
    return java.math.BigDecimal.valueOf(time.getEpochSecond())
        .add(java.math.BigDecimal.valueOf(time.getNano(), 9)).stripTrailingZeros().toPlainString();
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + oneLine(message));
  }

  private static String quoted(String promql) {
    String line = oneLine(promql);
    return "'" + (line.length() > MAX_QUOTED ? line.substring(0, MAX_QUOTED) + "..." : line) + "'";
  }

  private static String snippet(String body) {
    if (body == null) {
      return "";
    }
    String line = oneLine(body);
    return line.length() > 80 ? line.substring(0, 80) + "..." : line;
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  @Override
  public String toString() {
    return "PrometheusClient[baseUrl=" + baseUrl + ", bearerToken=" + (bearerToken == null ? "none" : "<hidden>")
        + ", requestTimeout=" + requestTimeout + "]";
  }
}
