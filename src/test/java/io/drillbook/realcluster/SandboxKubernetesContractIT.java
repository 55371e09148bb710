package io.drillbook.realcluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import io.drillbook.sandbox.SchemaCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sandbox's Kubernetes answers held to the real API server's published contract: its OpenAPI v3 documents,
 * fetched from the real control plane's kube-apiserver, and every answer a drill reads from the sandbox (the
 * Deployment, lists of Deployments, ReplicaSets, pods and events, a Lease, a Status error) checked against the schema
 * the real server publishes for that path, with Kubernetes' closed objects: a field the real schema does not know is
 * drift.
 */
@ExtendWith(RealControlPlaneExtension.class)
class SandboxKubernetesContractIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "intelgraph-staging";
  private static final String NAME = "maestro-orchestrator";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private RealControlPlane plane;
  private Sandbox sandbox;

  @BeforeEach
  void start(RealControlPlane plane) throws Exception {
    this.plane = plane;
    sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS));
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  /** The real API server's OpenAPI v3 document for one group version, e.g. {@code apis/apps/v1}. */
  private JsonNode published(String groupVersion) throws Exception {
    return JSON.readTree(Kubectl.admin(plane).run("get", "--raw", "/openapi/v3/" + groupVersion).ok().out());
  }

  private static JsonNode getSchema(JsonNode document, String path) {
    JsonNode schema = document.path("paths").path(path).path("get").path("responses").path("200").path("content")
        .path("application/json").path("schema");
    assertThat(schema.isMissingNode()).as(path + " is published with a JSON 200 answer").isFalse();
    return schema;
  }

  private JsonNode sandboxAnswer(String path, int expectedStatus) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.kubernetesUrl() + path))
        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(expectedStatus);
    return JSON.readTree(response.body());
  }

  @Test
  void everyAnswerADrillReadsConformsToTheRealApiServersSchema() throws Exception {
    JsonNode apps = published("apis/apps/v1");
    JsonNode core = published("api/v1");
    JsonNode coordination = published("apis/coordination.k8s.io/v1");
    sandbox.client().leases().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.coordination.v1
        .LeaseBuilder().withNewMetadata().withName("drillbook-" + NAME).withNamespace(NS).endMetadata().withNewSpec()
        .withHolderIdentity("contract/pid-1/d").withLeaseDurationSeconds(30).endSpec().build()).create();
    String a = "/apis/apps/v1/namespaces/" + NS;
    Map<String, List<String>> drift = new LinkedHashMap<>();
    check(drift, apps, "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", a + "/deployments/" + NAME);
    check(drift, apps, "/apis/apps/v1/namespaces/{namespace}/deployments", a + "/deployments");
    check(drift, apps, "/apis/apps/v1/namespaces/{namespace}/replicasets", a + "/replicasets");
    check(drift, core, "/api/v1/namespaces/{namespace}/pods", "/api/v1/namespaces/" + NS + "/pods");
    check(drift, core, "/api/v1/namespaces/{namespace}/events", "/api/v1/namespaces/" + NS + "/events");
    check(drift, coordination, "/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}",
        "/apis/coordination.k8s.io/v1/namespaces/" + NS + "/leases/drillbook-" + NAME);
    JsonNode status = core.at("/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Status");
    List<String> notFound = SchemaCheck.closedProblems(core, status, sandboxAnswer(a + "/deployments/missing", 404));
    if (!notFound.isEmpty()) {
      drift.put("404 Status", notFound);
    }
    assertThat(drift).as("sandbox answers that drift from kube-apiserver " + plane.kubernetesVersion()
        + "'s OpenAPI v3").isEmpty();
  }

  @Test
  void aFieldTheRealSchemaDoesNotKnowOrTypesOtherwiseIsReported() throws Exception {
    JsonNode apps = published("apis/apps/v1");
    JsonNode schema = getSchema(apps, "/apis/apps/v1/namespaces/{namespace}/deployments/{name}");
    ObjectNode deployment = (ObjectNode) sandboxAnswer("/apis/apps/v1/namespaces/" + NS + "/deployments/" + NAME,
        200);
    assertThat(SchemaCheck.closedProblems(apps, schema, deployment)).isEmpty();

    ((ObjectNode) deployment.get("spec")).put("replicas", "three");
    ((ObjectNode) deployment.get("status")).put("rolloutPhase", "Done");

    assertThat(SchemaCheck.closedProblems(apps, schema, deployment)).contains(
        "$.spec.replicas: expected integer, found string \"three\"",
        "$.status: property 'rolloutPhase' is not in the schema");
  }

  private void check(Map<String, List<String>> drift, JsonNode document, String publishedPath, String path)
      throws Exception {
    List<String> problems = SchemaCheck.closedProblems(document, getSchema(document, publishedPath),
        sandboxAnswer(path, 200));
    if (!problems.isEmpty()) {
      drift.put(path, problems);
    }
  }
}
