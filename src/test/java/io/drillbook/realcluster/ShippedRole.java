package io.drillbook.realcluster;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipped {@code k8s/base} Role and RoleBinding, copied into another namespace the way k8s/README.md tells a
 * user to ("one Role per target namespace"), granting it to the drillbook ServiceAccount there.
 */
public final class ShippedRole {
  private static final Path ROLE = Path.of("k8s/base/role.yaml");
  private static final Path BINDING = Path.of("k8s/base/rolebinding.yaml");

  private ShippedRole() {}

  /** The whole Role in {@code namespace}. */
  public static void grant(RealControlPlane plane, String namespace) throws IOException {
    grantWithout(plane, namespace, null);
  }

  /**
   * The Role in {@code namespace} with one verb taken out of its rule.
   *
   * @param missing as preflight names it, {@code "patch apps/deployments"}; null takes nothing out
   */
  public static void grantWithout(RealControlPlane plane, String namespace, String missing) throws IOException {
    Role role = Serialization.unmarshal(Files.readString(ROLE), Role.class);
    role.getMetadata().setNamespace(namespace);
    List<PolicyRule> rules = new ArrayList<>();
    for (PolicyRule rule : role.getRules()) {
      List<String> verbs = new ArrayList<>();
      for (String verb : rule.getVerbs()) {
        if (!verbKey(verb, rule.getApiGroups().get(0), rule.getResources().get(0)).equals(missing)) {
          verbs.add(verb);
        }
      }
      if (!verbs.isEmpty()) {
        rule.setVerbs(verbs);
        rules.add(rule);
      }
    }
    role.setRules(rules);
    RoleBinding binding = Serialization.unmarshal(Files.readString(BINDING), RoleBinding.class);
    binding.getMetadata().setNamespace(namespace);
    try (KubernetesClient admin = plane.admin()) {
      admin.rbac().roles().inNamespace(namespace).resource(role).create();
      admin.rbac().roleBindings().inNamespace(namespace).resource(binding).create();
    }
  }

  /** {@code "patch apps/deployments"}, as preflight names a missing permission. */
  public static String verbKey(String verb, String apiGroup, String resource) {
    return verb + " " + (apiGroup.isEmpty() ? "" : apiGroup + "/") + resource;
  }
}
