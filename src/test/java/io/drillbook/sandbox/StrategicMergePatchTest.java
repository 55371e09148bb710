package io.drillbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEPLOYMENT = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"a\":\"1\"}},"
      + "\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"app:1\",\"imagePullPolicy\":\"IfNotPresent\"},"
      + "{\"name\":\"sidecar\",\"image\":\"sidecar:1\"}]}}}}";

  private static JsonNode apply(String patch) throws Exception {
    return StrategicMergePatch.apply(JSON.readTree(DEPLOYMENT), JSON.readTree(patch));
  }

  @Test
  void setImage_mergesTheContainerByName_keepingItsOtherFieldsAndTheOtherContainers() throws Exception {
    JsonNode result = apply("{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"app\"},"
        + "{\"name\":\"sidecar\"}],\"containers\":[{\"image\":\"app:2\",\"name\":\"app\"}]}}}}");

    assertThat(result.at("/spec/template/spec/containers").toString()).isEqualTo(
        "[{\"name\":\"app\",\"image\":\"app:2\",\"imagePullPolicy\":\"IfNotPresent\"},"
            + "{\"name\":\"sidecar\",\"image\":\"sidecar:1\"}]");
  }

  @Test
  void rolloutRestart_addsTheRestartedAtAnnotationBesideTheOthers() throws Exception {
    JsonNode result = apply("{\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
        + "{\"kubectl.kubernetes.io/restartedAt\":\"2026-12-04T14:00:00Z\"}}}}}");

    assertThat(result.at("/spec/template/metadata/annotations").toString())
        .isEqualTo("{\"a\":\"1\",\"kubectl.kubernetes.io/restartedAt\":\"2026-12-04T14:00:00Z\"}");
  }

  @Test
  void deleteDirectiveAndNull_removeAContainerAndAField() throws Exception {
    JsonNode result = apply("{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"a\":null}},\"spec\":"
        + "{\"containers\":[{\"name\":\"sidecar\",\"$patch\":\"delete\"}]}}}}");

    assertThat(result.at("/spec/template/spec/containers").size()).isEqualTo(1);
    assertThat(result.at("/spec/template/metadata/annotations").size()).isZero();
  }
}
