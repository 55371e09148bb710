package io.drillbook.sandbox;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.ServerAddressByClientCIDRBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;

/**
 * Static API discovery documents so kubectl (which discovers before it acts) can talk to the sandbox;
 * the CRUD store has no answer for them.
 */
final class Discovery {

  private static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> SUB_VERBS = List.of("get", "patch", "update");

  private static final Map<String, String> DOCUMENTS = Map.of(
      "/version", Serialization.asJson(Map.of(
          "major", "1", "minor", "33", "gitVersion", "v1.33.0-drillbook-sandbox", "platform", "linux/amd64")),
      "/api", Serialization.asJson(new APIVersionsBuilder()
          .withVersions("v1")
          .withServerAddressByClientCIDRs(new ServerAddressByClientCIDRBuilder()
              .withClientCIDR("0.0.0.0/0").withServerAddress("127.0.0.1").build())
          .build()),
      "/apis", Serialization.asJson(new APIGroupListBuilder()
          .withGroups(group("apps", "v1"), group("autoscaling", "v2"), group("networking.k8s.io", "v1"),
              group("metrics.k8s.io", "v1beta1"))
          .build()),
      "/api/v1", Serialization.asJson(new APIResourceListBuilder()
          .withGroupVersion("v1")
          .withResources(
              resource("namespaces", "namespace", "Namespace", false, List.of("ns")),
              resource("pods", "pod", "Pod", true, List.of("po")),
              sub("pods/log", "Pod", List.of("get")),
              sub("pods/status", "Pod", SUB_VERBS),
              resource("events", "event", "Event", true, List.of("ev")),
              resource("services", "service", "Service", true, List.of("svc")),
              resource("configmaps", "configmap", "ConfigMap", true, List.of("cm")))
          .build()),
      "/apis/apps/v1", Serialization.asJson(new APIResourceListBuilder()
          .withGroupVersion("apps/v1")
          .withResources(
              resource("deployments", "deployment", "Deployment", true, List.of("deploy")),
              sub("deployments/status", "Deployment", SUB_VERBS),
              sub("deployments/scale", "Scale", SUB_VERBS),
              resource("replicasets", "replicaset", "ReplicaSet", true, List.of("rs")),
              sub("replicasets/status", "ReplicaSet", SUB_VERBS),
              sub("replicasets/scale", "Scale", SUB_VERBS))
          .build()),
      "/apis/autoscaling/v2", Serialization.asJson(new APIResourceListBuilder()
          .withGroupVersion("autoscaling/v2")
          .withResources(
              resource("horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true,
                  List.of("hpa")),
              sub("horizontalpodautoscalers/status", "HorizontalPodAutoscaler", SUB_VERBS))
          .build()),
      "/apis/networking.k8s.io/v1", Serialization.asJson(new APIResourceListBuilder()
          .withGroupVersion("networking.k8s.io/v1")
          .withResources(
              resource("ingresses", "ingress", "Ingress", true, List.of("ing")),
              sub("ingresses/status", "Ingress", SUB_VERBS))
          .build()),
      // What metrics-server registers through the aggregator: read-only pod and node metrics.
      "/apis/metrics.k8s.io/v1beta1", Serialization.asJson(new APIResourceListBuilder()
          .withGroupVersion("metrics.k8s.io/v1beta1")
          .withResources(
              new APIResourceBuilder().withName("pods").withSingularName("").withKind("PodMetrics")
                  .withNamespaced(true).withVerbs("get", "list").build(),
              new APIResourceBuilder().withName("nodes").withSingularName("").withKind("NodeMetrics")
                  .withNamespaced(false).withVerbs("get", "list").build())
          .build()));

  private Discovery() {}

  /** The discovery document for a GET of a discovery path, or null for every other request. */
  static MockResponse respond(RecordedRequest request) {
    if (!"GET".equalsIgnoreCase(request.getMethod()) || request.getPath() == null) {
      return null;
    }
    String document = DOCUMENTS.get(UrlParts.withoutQuery(request.getPath()));
    if (document == null) {
      return null;
    }
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
        .setBody(document);
  }

  private static io.fabric8.kubernetes.api.model.APIGroup group(String name, String version) {
    var groupVersion = new GroupVersionForDiscoveryBuilder().withGroupVersion(name + "/" + version)
        .withVersion(version).build();
    return new APIGroupBuilder().withName(name).withVersions(groupVersion).withPreferredVersion(groupVersion).build();
  }

  private static APIResource resource(String name, String singular, String kind, boolean namespaced,
      List<String> shortNames) {
    return new APIResourceBuilder().withName(name).withSingularName(singular).withKind(kind)
        .withNamespaced(namespaced).withVerbs(ALL_VERBS).withShortNames(shortNames).build();
  }

  private static APIResource sub(String name, String kind, List<String> verbs) {
    return new APIResourceBuilder().withName(name).withSingularName("").withKind(kind).withNamespaced(true)
        .withVerbs(verbs).build();
  }
}
