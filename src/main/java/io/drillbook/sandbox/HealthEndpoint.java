package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code /sandbox/health/{namespace}/{deployment}}: what a smoke check against the service would say.
 * 200 only while the Deployment is fully rolled out by kubectl's rule and runs no broken image.
 */
final class HealthEndpoint {

  static final String PREFIX = "/sandbox/health/";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<String> brokenImages;
  private final BiFunction<String, String, Optional<Deployment>> deployments;

  HealthEndpoint(Set<String> brokenImages, BiFunction<String, String, Optional<Deployment>> deployments) {
    this.brokenImages = Set.copyOf(brokenImages);
    this.deployments = deployments;
  }

  static String path(String namespace, String deployment) {
    return PREFIX + namespace + "/" + deployment;
  }

  MockResponse respond(String requestPath) {
    String path = UrlParts.withoutQuery(requestPath);
    String[] parts = path.substring(PREFIX.length()).split("/");
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return json(404, body(null, null, "expected " + PREFIX + "{namespace}/{deployment}"));
    }
    Optional<Deployment> found = deployments.apply(parts[0], parts[1]);
    if (found.isEmpty()) {
      return json(404, body(parts[0], parts[1], "deployment not found"));
    }
    Deployment deployment = found.get();
    List<String> images = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
        .map(Container::getImage).toList();
    String problem = rolloutProblem(deployment);
    if (problem == null && images.stream().anyMatch(brokenImages::contains)) {
      problem = "image is broken";
    }
    ObjectNode body = body(parts[0], parts[1], problem == null ? "ok" : problem);
    body.putPOJO("images", images);
    return json(problem == null ? 200 : 503, body);
  }

  /** Why kubectl would not call the Deployment rolled out, or null when it would. */
  static String rolloutProblem(Deployment deployment) {
    DeploymentStatus status = deployment.getStatus();
    if (status == null) {
      return "no status yet";
    }
    long generation = orZero(deployment.getMetadata().getGeneration());
    if (orZero(status.getObservedGeneration()) < generation) {
      return "spec change not yet observed";
    }
    int desired = (int) orZero(deployment.getSpec().getReplicas());
    int updated = (int) orZero(status.getUpdatedReplicas());
    if (updated != desired) {
      return updated + " of " + desired + " updated replicas";
    }
    if (orZero(status.getReplicas()) != updated) {
      return (orZero(status.getReplicas()) - updated) + " old replicas pending termination";
    }
    if (orZero(status.getAvailableReplicas()) != updated) {
      return orZero(status.getAvailableReplicas()) + " of " + updated + " updated replicas available";
    }
    return null;
  }

  private static ObjectNode body(String namespace, String deployment, String status) {
    ObjectNode body = JSON.createObjectNode();
    body.put("namespace", namespace);
    body.put("deployment", deployment);
    body.put("status", status);
    return body;
  }

  private static MockResponse json(int code, ObjectNode body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }

  private static long orZero(Number value) {
    return value == null ? 0 : value.longValue();
  }
}
