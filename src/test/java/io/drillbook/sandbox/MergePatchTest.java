package io.drillbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sandbox's JSON merge patch against RFC 7386's own examples (Appendix A), and as the store receives it. */
class MergePatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(delimiter = '|', value = {
      "{\"a\":\"b\"}               | {\"a\":\"c\"}               | {\"a\":\"c\"}",
      "{\"a\":\"b\"}               | {\"b\":\"c\"}               | {\"a\":\"b\",\"b\":\"c\"}",
      "{\"a\":\"b\"}               | {\"a\":null}                | {}",
      "{\"a\":\"b\",\"b\":\"c\"}   | {\"a\":null}                | {\"b\":\"c\"}",
      "{\"a\":[\"b\"]}             | {\"a\":\"c\"}               | {\"a\":\"c\"}",
      "{\"a\":\"c\"}               | {\"a\":[\"b\"]}             | {\"a\":[\"b\"]}",
      "{\"a\":{\"b\":\"c\"}}       | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
      "{\"a\":[{\"b\":\"c\"}]}     | {\"a\":[1]}                 | {\"a\":[1]}",
      "[\"a\",\"b\"]               | [\"c\",\"d\"]               | [\"c\",\"d\"]",
      "{\"a\":\"b\"}               | [\"c\"]                     | [\"c\"]",
      "{\"a\":\"foo\"}             | null                        | null",
      "{\"a\":\"foo\"}             | \"bar\"                     | \"bar\"",
      "{\"e\":null}                | {\"a\":1}                   | {\"e\":null,\"a\":1}",
      "[1,2]                       | {\"a\":\"b\",\"c\":null}    | {\"a\":\"b\"}",
      "{}                          | {\"a\":{\"bb\":{\"ccc\":null}}} | {\"a\":{\"bb\":{}}}"})
  void appliesTheRfcExamples(String target, String patch, String result) throws Exception {
    assertThat(MergePatch.apply(JSON.readTree(target), JSON.readTree(patch))).isEqualTo(JSON.readTree(result));
  }

  @Test
  void reachesTheStoreAsAJsonPatchThatRemovesTheNulledAnnotation() throws Exception {
    String stored = "{\"metadata\":{\"name\":\"web\",\"annotations\":{\"deployment.kubernetes.io/revision\":\"2\","
        + "\"note\":\"x\"}},\"spec\":{\"replicas\":3}}";
    RecordedRequest request = new RecordedRequest("HTTP/1.1", HttpMethod.PATCH,
        "/apis/apps/v1/namespaces/shop/deployments/web?fieldManager=kubectl-annotate",
        new Headers.Builder().add("Content-Type", "application/merge-patch+json").build(),
        new Buffer("{\"metadata\":{\"annotations\":{\"note\":null,\"team\":\"a/b~c\"}}}"
            .getBytes(StandardCharsets.UTF_8)));

    RecordedRequest rewritten = MergePatch.asJsonPatch(request,
        path -> path.equals("/apis/apps/v1/namespaces/shop/deployments/web") ? stored : null);

    assertThat(rewritten.getHeader("Content-Type")).isEqualTo("application/json-patch+json");
    assertThat(rewritten.getPath()).isEqualTo(request.getPath());
    JsonNode ops = JSON.readTree(rewritten.getUtf8Body());
    assertThat(ops).isEqualTo(JSON.readTree("[{\"op\":\"remove\",\"path\":\"/metadata/annotations/note\"},"
        + "{\"op\":\"add\",\"path\":\"/metadata/annotations/team\",\"value\":\"a/b~c\"}]"));
  }

  @Test
  void leavesARequestForAMissingObjectToTheStore() {
    RecordedRequest request = new RecordedRequest("HTTP/1.1", HttpMethod.PATCH,
        "/apis/apps/v1/namespaces/shop/deployments/gone",
        new Headers.Builder().add("Content-Type", "application/merge-patch+json").build(),
        new Buffer("{}".getBytes(StandardCharsets.UTF_8)));
    assertThat(MergePatch.asJsonPatch(request, path -> null)).isSameAs(request);
  }
}
