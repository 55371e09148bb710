package io.drillbook.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON patch {@code kubectl rollout undo} sends: replace the pod template with the target ReplicaSet's
 * (minus the hash label) and the annotations with the Deployment's controller-owned ones plus the ReplicaSet's.
 */
final class UndoPatch {
  /**
   * Annotations kubectl keeps from the Deployment and never copies from the ReplicaSet, plus drillbook's own
   * drill-in-progress marker: the rollback must not wipe the marker written just before it, and a stale copy the
   * controller left on a ReplicaSet must never come back with that ReplicaSet's template.
   */
  static final Set<String> ANNOTATIONS_TO_SKIP = Set.of(
      Revisions.LAST_APPLIED,
      Revisions.REVISION,
      Revisions.REVISION_HISTORY,
      Revisions.DESIRED_REPLICAS,
      Revisions.MAX_REPLICAS,
      Revisions.DEPRECATED_ROLLBACK_TO,
      io.drillbook.drill.InProgressMarker.ANNOTATION);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private UndoPatch() {}

  /** The annotations the Deployment will carry after the undo. */
  static Map<String, String> annotations(Deployment deployment, ReplicaSet target) {
    Map<String, String> result = new TreeMap<>();
    Map<String, String> current = deployment.getMetadata().getAnnotations();
    if (current != null) {
      for (String key : ANNOTATIONS_TO_SKIP) {
        if (current.containsKey(key)) {
          result.put(key, current.get(key));
        }
      }
    }
    Map<String, String> fromReplicaSet = target.getMetadata().getAnnotations();
    if (fromReplicaSet != null) {
      fromReplicaSet.forEach((k, v) -> {
        if (!ANNOTATIONS_TO_SKIP.contains(k)) {
          result.put(k, v);
        }
      });
    }
    return result;
  }

  /** The JSON patch document, as text. */
  static String json(Deployment deployment, ReplicaSet target) {
    ArrayNode ops = MAPPER.createArrayNode();
    ObjectNode template = ops.addObject();
    template.put("op", "replace");
    template.put("path", "/spec/template");
    template.set("value", MAPPER.valueToTree(PodTemplates.withoutHashLabel(target.getSpec().getTemplate())));
    ObjectNode annotations = ops.addObject();
    // kubectl always "replace"s; a JSON patch replace of an absent member is an error, so add it instead.
    boolean hasAnnotations = deployment.getMetadata().getAnnotations() != null;
    annotations.put("op", hasAnnotations ? "replace" : "add");
    annotations.put("path", "/metadata/annotations");
    annotations.set("value", MAPPER.valueToTree(annotations(deployment, target)));
    return ops.toString();
  }
}
