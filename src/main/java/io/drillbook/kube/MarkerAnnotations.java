package io.drillbook.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drillbook.config.TargetConfig;
import io.drillbook.drill.ClusterException;
import io.drillbook.drill.InProgressMarker;
import io.drillbook.drill.MarkerStore;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The drill-in-progress marker as the annotation {@value InProgressMarker#ANNOTATION} on the target Deployment.
 * It is set with a JSON merge patch, and removed with a JSON patch pinned to the resourceVersion it was read at,
 * so a marker written by someone else in between is never removed by mistake. Metadata only: no new generation, no
 * rollout.
 */
public final class MarkerAnnotations implements MarkerStore {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The annotation key as a JSON pointer ({@code /} in the key escaped as {@code ~1}). */
  private static final String POINTER = "/metadata/annotations/"
      + InProgressMarker.ANNOTATION.replace("~", "~0").replace("/", "~1");

  private final KubernetesClient client;

  MarkerAnnotations(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public String read(TargetConfig target) throws ClusterException {
    Deployment deployment = get(target);
    if (deployment == null) {
      return null;
    }
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(InProgressMarker.ANNOTATION);
  }

  @Override
  public void write(TargetConfig target, String marker) throws ClusterException {
    ObjectNode patch = MAPPER.createObjectNode();
    patch.putObject("metadata").putObject("annotations").put(InProgressMarker.ANNOTATION, marker);
    try {
      resource(target).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    } catch (KubernetesClientException e) {
      throw KubeErrors.failure("cannot annotate deployment " + target.qualifiedName() + " with "
          + InProgressMarker.ANNOTATION + ": ", e);
    }
  }

  @Override
  public boolean remove(TargetConfig target, String marker) throws ClusterException {
    // A JSON patch that also sets the resourceVersion we read: if anything changed in between (the controller
    // writes status all the time) the server answers 409 and we look again.
    for (int attempt = 0; attempt < 10; attempt++) {
      Deployment deployment = get(target);
      Map<String, String> annotations = deployment == null ? null : deployment.getMetadata().getAnnotations();
      if (annotations == null || !marker.equals(annotations.get(InProgressMarker.ANNOTATION))) {
        return false;
      }
      ArrayNode ops = MAPPER.createArrayNode();
      ops.addObject().put("op", "replace").put("path", "/metadata/resourceVersion")
          .put("value", deployment.getMetadata().getResourceVersion());
      ops.addObject().put("op", "remove").put("path", POINTER);
      try {
        resource(target).patch(PatchContext.of(PatchType.JSON), ops.toString());
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw KubeErrors.failure("cannot remove annotation " + InProgressMarker.ANNOTATION + " from deployment "
              + target.qualifiedName() + ": ", e);
        }
      }
    }
    throw new ClusterException("cannot remove annotation " + InProgressMarker.ANNOTATION + " from deployment "
        + target.qualifiedName() + ": it kept changing (10 conflicts in a row)");
  }

  @Override
  public Deployed deployed(TargetConfig target, String image) throws ClusterException {
    Deployment deployment = get(target);
    if (deployment == null) {
      throw new ClusterException("deployment " + target.qualifiedName() + " not found");
    }
    List<ReplicaSet> candidates;
    try {
      candidates = client.apps().replicaSets().inNamespace(target.namespace())
          .withLabelSelector(deployment.getSpec().getSelector()).list().getItems();
    } catch (KubernetesClientException e) {
      throw KubeErrors.failure("cannot list replica sets of " + target.qualifiedName() + ": ", e);
    }
    OptionalLong revision = DeploymentHistory.of(deployment, candidates).owned().stream()
        .filter(rs -> image.equals(PodTemplates.images(rs.getSpec().getTemplate())))
        .map(Revisions::of)
        .filter(OptionalLong::isPresent)
        .max(Comparator.comparingLong(OptionalLong::getAsLong))
        .orElse(OptionalLong.empty());
    return new Deployed(PodTemplates.images(deployment.getSpec().getTemplate()), revision);
  }

  private Deployment get(TargetConfig target) throws ClusterException {
    try {
      return resource(target).get();
    } catch (KubernetesClientException e) {
      throw KubeErrors.failure("cannot read deployment " + target.qualifiedName() + ": ", e);
    }
  }

  private RollableScalableResource<Deployment> resource(TargetConfig target) {
    return client.apps().deployments().inNamespace(target.namespace()).withName(target.deployment());
  }
}
