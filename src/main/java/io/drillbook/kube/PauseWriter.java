package io.drillbook.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.drillbook.drill.ClusterException;
import io.drillbook.drill.PauseStep;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Writes the one field a pause changes on a reconciler's object, with a JSON patch that first tests the object's
 * resourceVersion: nothing else of the object (spec, labels, annotations) is touched, and a write that raced
 * someone else's is read again and retried rather than overwriting it.
 */
final class PauseWriter {
  private static final int ATTEMPTS = 3;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final KubernetesClient client;

  PauseWriter(KubernetesClient client) {
    this.client = client;
  }

  void apply(PauseStep step, boolean pause) throws ClusterException {
    var resource = client.genericKubernetesResources(GitOpsKinds.context(step.apiVersion(), step.resource()))
        .inNamespace(step.namespace()).withName(step.name());
    String want = pause ? step.paused() : step.original();
    for (int attempt = 1; ; attempt++) {
      GenericKubernetesResource object;
      try {
        object = resource.get();
      } catch (KubernetesClientException e) {
        throw KubeErrors.failure("cannot read " + step.owner() + ": ", e);
      }
      if (object == null) {
        throw new ClusterException(step.owner() + " no longer exists", null, true);
      }
      JsonNode tree = MAPPER.valueToTree(object);
      JsonNode current = tree.at(step.path());
      if (same(current, want)) {
        return;
      }
      if (pause && !same(current, step.original())) {
        throw new ClusterException(step.owner() + " changed since preflight: " + step.field() + " is now "
            + (current.isMissingNode() ? "absent" : current.toString()) + ", not "
            + (step.original() == null ? "absent" : step.original()), null, true);
      }
      ArrayNode ops = MAPPER.createArrayNode();
      ops.addObject().put("op", "test").put("path", "/metadata/resourceVersion")
          .put("value", object.getMetadata().getResourceVersion());
      if (want == null) {
        ops.addObject().put("op", "remove").put("path", step.path());
      } else {
        ops.addObject().put("op", "add").put("path", step.path()).set("value", parse(want));
      }
      try {
        resource.patch(PatchContext.of(PatchType.JSON), ops.toString());
        return;
      } catch (KubernetesClientException e) {
        // A failed test (someone wrote the object meanwhile) is answered 422 or 409: read it again.
        if ((e.getCode() == 409 || e.getCode() == 422) && attempt < ATTEMPTS) {
          continue;
        }
        throw KubeErrors.failure("cannot " + (pause ? "pause " : "resume ") + step.owner() + ": ", e);
      }
    }
  }

  private static boolean same(JsonNode current, String json) {
    if (json == null) {
      return current.isMissingNode() || current.isNull();
    }
    return !current.isMissingNode() && current.equals(parse(json));
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }
}
