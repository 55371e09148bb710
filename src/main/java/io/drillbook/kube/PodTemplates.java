package io.drillbook.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Pod template rules shared by undo and rollout tracking, following kubectl and the Deployment controller. */
final class PodTemplates {
  /** The label the Deployment controller adds to each ReplicaSet's template; never part of a rollback. */
  static final String HASH_LABEL = "pod-template-hash";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PodTemplates() {}

  /**
   * kubectl's {@code equalIgnoreHash}: equal after dropping the hash label, with nil and empty collections
   * treated alike as Kubernetes' semantic equality does.
   */
  static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
    return normalized(a).equals(normalized(b));
  }

  /** The annotation {@code kubectl rollout restart} sets on the template: a new revision, the same release. */
  static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  /** Same release: equal but for the hash label and the restart annotation. */
  static boolean sameRelease(PodTemplateSpec a, PodTemplateSpec b) {
    return withoutRestart(normalized(a)).equals(withoutRestart(normalized(b)));
  }

  private static JsonNode withoutRestart(JsonNode tree) {
    JsonNode annotations = tree.path("metadata").path("annotations");
    if (annotations instanceof ObjectNode object) {
      object.remove(RESTARTED_AT);
      prune(tree);
    }
    return tree;
  }

  /** A copy of the template without the {@code pod-template-hash} label. */
  static PodTemplateSpec withoutHashLabel(PodTemplateSpec template) {
    PodTemplateSpec copy = MAPPER.convertValue(MAPPER.valueToTree(template), PodTemplateSpec.class);
    if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
      Map<String, String> labels = new HashMap<>(copy.getMetadata().getLabels());
      labels.remove(HASH_LABEL);
      copy.getMetadata().setLabels(labels);
    }
    return copy;
  }

  /** Container images of the template in declaration order, comma-separated; empty when none. */
  static String images(PodTemplateSpec template) {
    if (template == null || template.getSpec() == null || template.getSpec().getContainers() == null) {
      return "";
    }
    List<Container> containers = template.getSpec().getContainers();
    return containers.stream().map(Container::getImage).collect(Collectors.joining(", "));
  }

  private static JsonNode normalized(PodTemplateSpec template) {
    JsonNode tree = MAPPER.valueToTree(template == null ? new PodTemplateSpec() : template);
    JsonNode labels = tree.path("metadata").path("labels");
    if (labels instanceof ObjectNode labelObject) {
      labelObject.remove(HASH_LABEL);
    }
    prune(tree);
    return tree;
  }

  /** Removes nulls and empty objects/arrays so absent and empty compare equal. */
  private static boolean prune(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        if (prune(fields.next().getValue())) {
          fields.remove();
        }
      }
      return object.isEmpty();
    }
    if (node instanceof ArrayNode array) {
      for (int i = array.size() - 1; i >= 0; i--) {
        if (array.get(i).isNull()) {
          array.remove(i);
        } else {
          prune(array.get(i));
        }
      }
      return array.isEmpty();
    }
    return node == null || node.isNull();
  }
}
