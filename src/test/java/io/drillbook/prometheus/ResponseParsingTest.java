package io.drillbook.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Response bodies shaped like the examples of Prometheus' HTTP API documentation. */
class ResponseParsingTest {
  private static final String JSON = "application/json";
  private static final String WHAT = "query 'up'";

  private static List<Sample> parse(int status, String contentType, String body) throws PrometheusException {
    return PrometheusClient.parseQueryResponse(status, contentType, body, WHAT);
  }

  @Test
  void vector() throws Exception {
    String body = """
        {
           "status" : "success",
           "data" : {
              "resultType" : "vector",
              "result" : [
                 {
                    "metric" : { "__name__" : "up", "job" : "prometheus", "instance" : "localhost:9090" },
                    "value": [ 1435781451.781, "1" ]
                 },
                 {
                    "metric" : { "__name__" : "up", "job" : "node", "instance" : "localhost:9100" },
                    "value" : [ 1435781451.781, "0" ]
                 }
              ]
           }
        }""";
    assertThat(parse(200, JSON, body)).containsExactly(
        new Sample(Map.of("__name__", "up", "job", "prometheus", "instance", "localhost:9090"), 1.0),
        new Sample(Map.of("__name__", "up", "job", "node", "instance", "localhost:9100"), 0.0));
  }

  @Test
  void emptyVector() throws Exception {
    assertThat(parse(200, JSON, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"))
        .isEmpty();
  }

  @Test
  void scalarIsOneUnlabelledSample() throws Exception {
    assertThat(parse(200, JSON,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1435781451.781,\"0.25\"]}}"))
        .containsExactly(new Sample(Map.of(), 0.25));
  }

  @Test
  void specialFloatValues() throws Exception {
    String body = """
        {"status":"success","data":{"resultType":"vector","result":[
          {"metric":{"a":"nan"},"value":[1.5,"NaN"]},
          {"metric":{"a":"pinf"},"value":[1.5,"+Inf"]},
          {"metric":{"a":"ninf"},"value":[1.5,"-Inf"]},
          {"metric":{"a":"exp"},"value":[1.5,"1.5e-07"]}]}}""";
    assertThat(parse(200, JSON, body)).extracting(Sample::value)
        .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5e-7);
  }

  @Test
  void warningsDoNotStopAResult() throws Exception {
    String body = """
        {"status":"success","warnings":["PromQL info: metric might not be a counter"],
         "data":{"resultType":"vector","result":[{"metric":{},"value":[1.5,"3"]}]}}""";
    assertThat(parse(200, JSON, body)).containsExactly(new Sample(Map.of(), 3.0));
  }

  @Test
  void matrixIsRefused() {
    String body = """
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"__name__":"up"},"values":[[1435781430.781,"1"],[1435781445.781,"1"]]}]}}""";
    assertThatThrownBy(() -> parse(200, JSON, body)).isInstanceOf(PrometheusException.class)
        .hasMessage("Prometheus answered query 'up' with resultType 'matrix'; a threshold needs a vector or scalar");
  }

  @Test
  void statusErrorCarriesErrorTypeAndMessage() {
    String body = """
        {
          "status": "error",
          "errorType": "bad_data",
          "error": "invalid parameter \\"query\\": 1:6: parse error: unexpected end of input"
        }""";
    assertThatThrownBy(() -> parse(400, JSON, body)).isInstanceOf(PrometheusException.class)
        .hasMessage("Prometheus rejected query 'up' (HTTP 400, bad_data): invalid parameter \"query\": 1:6: "
            + "parse error: unexpected end of input");
  }

  @Test
  void executionErrorsAndTimeoutsToo() {
    assertThatThrownBy(() -> parse(503, JSON,
        "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}"))
        .hasMessage("Prometheus rejected query 'up' (HTTP 503, timeout): query timed out in expression evaluation");
    assertThatThrownBy(() -> parse(422, JSON,
        "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"multi-line\\n  detail\"}"))
        .hasMessage("Prometheus rejected query 'up' (HTTP 422, execution): multi-line detail");
  }

  @Test
  void htmlFromAProxyIsNotJson() {
    String html = """
        <!DOCTYPE html>
        <html><head><title>Sign in</title></head>
        <body>Please sign in</body></html>""";
    assertThatThrownBy(() -> parse(200, "text/html; charset=utf-8", html)).isInstanceOf(PrometheusException.class)
        .hasMessage("Prometheus answered query 'up' with HTTP 200 and a body that is not the Prometheus JSON API "
            + "(text/html; charset=utf-8: <!DOCTYPE html> <html><head><title>Sign in</title></head> <body>Please sign "
            + "in</...); is the URL pointing at a proxy or login page?")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> parse(502, "text/html", "<html>Bad Gateway</html>"))
        .hasMessageContaining("with HTTP 502 and a body that is not the Prometheus JSON API (text/html: "
            + "<html>Bad Gateway</html>)");
    assertThatThrownBy(() -> parse(204, null, ""))
        .hasMessageContaining("with HTTP 204 and a body that is not the Prometheus JSON API (no content type, empty)");
    assertThatThrownBy(() -> parse(200, JSON, "[1,2]")).hasMessageContaining("not the Prometheus JSON API");
  }

  @Test
  void refusedWithoutJsonPointsAtTheToken() {
    assertThatThrownBy(() -> parse(401, "text/plain", "Unauthorized"))
        .hasMessage("Prometheus refused query 'up' with HTTP 401; check the bearer token and its permissions");
  }

  @Test
  void httpErrorWithASuccessBodyIsStillAnError() {
    assertThatThrownBy(() -> parse(500, JSON,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"))
        .hasMessage("Prometheus answered query 'up' with HTTP 500 and status 'success'");
  }

  @Test
  void malformedShapes() {
    assertThatThrownBy(() -> parse(200, JSON, "{\"status\":\"success\"}"))
        .hasMessageContaining("unexpected shape: status 'success' without data");
    assertThatThrownBy(() -> parse(200, JSON,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,2]}]}}"))
        .hasMessageContaining("a value is not a [time, \"value\"] pair");
    assertThatThrownBy(() -> parse(200, JSON,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"x\"]}]}}"))
        .hasMessageContaining("value 'x' is not a number");
  }

  @Test
  void series() throws Exception {
    String body = """
        {
           "status" : "success",
           "data" : [
              { "__name__" : "up", "job" : "prometheus", "instance" : "localhost:9090" },
              { "__name__" : "up", "job" : "node", "instance" : "localhost:9091" }
           ]
        }""";
    assertThat(PrometheusClient.parseSeriesResponse(200, JSON, body, "series of up")).hasSize(2)
        .first().isEqualTo(Map.of("__name__", "up", "job", "prometheus", "instance", "localhost:9090"));
    assertThat(PrometheusClient.parseSeriesResponse(200, JSON, "{\"status\":\"success\",\"data\":[]}", "x"))
        .isEmpty();
  }
}
