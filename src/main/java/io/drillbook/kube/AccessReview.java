package io.drillbook.kube;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the API server, one SelfSubjectAccessReview per verb, whether the client's own identity may do what a drill
 * will do: the question {@code kubectl auth can-i} asks. Every authenticated identity may create these reviews
 * (ClusterRole {@code system:basic-user}), so the check needs no rule of its own.
 */
final class AccessReview {
  private final KubernetesClient client;

  AccessReview(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The verbs of {@code rules} denied in {@code namespace}, as {@code "patch apps/deployments"}; empty when all are
   * allowed, and also when the server gives no answer (an API server without the authorization API, or one that
   * does not fill in the review's status, such as a mock, or none reached): then the drill's own requests are the
   * test.
   */
  List<String> denied(String namespace, List<ApiPermissions.Rule> rules) {
    List<String> denied = new ArrayList<>();
    for (ApiPermissions.Rule rule : rules) {
      String[] parts = rule.resource().split("/", 2);
      for (String verb : rule.verbs()) {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec()
            .withResourceAttributes(new ResourceAttributesBuilder().withNamespace(namespace).withVerb(verb)
                .withGroup(rule.apiGroup()).withResource(parts[0]).withSubresource(parts.length > 1 ? parts[1] : null)
                .build())
            .endSpec().build();
        SelfSubjectAccessReview answer;
        try {
          answer = client.authorization().v1().selfSubjectAccessReview().create(review);
        } catch (KubernetesClientException e) {
          // No review API (404), reviews not allowed (403) or no server reached: nothing is known either way, and
          // the drill's own first request reports an outage in its own words.
          return List.of();
        }
        if (answer == null || answer.getStatus() == null || answer.getStatus().getAllowed() == null) {
          return List.of();
        }
        if (!answer.getStatus().getAllowed()) {
          denied.add(verb + " " + (rule.apiGroup().isEmpty() ? "" : rule.apiGroup() + "/") + rule.resource());
        }
      }
    }
    return denied;
  }
}
