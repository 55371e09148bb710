package io.drillbook.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drillbook.config.GitOpsConfig;
import io.drillbook.config.TargetConfig;
import io.drillbook.drill.ClusterException;
import io.drillbook.drill.Ownership;
import io.drillbook.drill.PauseStep;
import io.drillbook.drill.Reconciler;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds who else reconciles a Deployment, by the conventions the controllers themselves follow: Argo CD's
 * {@code argocd.argoproj.io/tracking-id} annotation (or its {@code app.kubernetes.io/instance} label, but only where
 * an Application of that name lists the resource: every Helm chart sets that label), Flux's
 * {@code kustomize.toolkit.fluxcd.io/*} and {@code helm.toolkit.fluxcd.io/*} labels, and an Argo Rollouts Rollout's
 * {@code spec.workloadRef}. Each owner is followed to its own owners (an ApplicationSet, a parent Application, a
 * parent Kustomization). Reads only.
 */
final class GitOpsOwners {
  static final String TRACKING_ID = "argocd.argoproj.io/tracking-id";
  static final String INSTANCE = "app.kubernetes.io/instance";
  private static final String KUSTOMIZE = "kustomize.toolkit.fluxcd.io/";
  private static final String HELM = "helm.toolkit.fluxcd.io/";
  private static final int MAX_DEPTH = 5;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final KubernetesClient client;

  GitOpsOwners(KubernetesClient client) {
    this.client = client;
  }

  /** An object on the way up: its identity and metadata. */
  private record Node(String group, String kind, String namespace, String name, ObjectMeta meta, JsonNode tree) {}

  /** One search: what the API server serves, and what was noted on the way. */
  private final class Search {
    final Map<String, List<String>> served;
    final GitOpsConfig config;
    final List<String> notes = new ArrayList<>();

    Search(Map<String, List<String>> served, GitOpsConfig config) {
      this.served = served;
      this.config = config;
    }

    /** Null when served at drillbook's version; otherwise why not. */
    String unserved(GitOpsKinds kind) {
      List<String> versions = served.get(kind.group());
      if (versions == null) {
        return "the API server serves no " + kind.group() + " API";
      }
      return versions.contains(kind.version()) ? null : "the API server serves " + kind.group() + " only as "
          + String.join(", ", versions) + ", not " + kind.version() + " whose conventions drillbook follows";
    }
  }

  Ownership find(TargetConfig target, GitOpsConfig config) throws ClusterException {
    Deployment deployment;
    try {
      deployment = client.apps().deployments().inNamespace(target.namespace()).withName(target.deployment()).get();
    } catch (KubernetesClientException e) {
      throw KubeErrors.failure("cannot read deployment " + target.qualifiedName() + ": ", e);
    }
    Search search = new Search(discover(), config);
    String rollout = rolloutOf(target, deployment != null, search);
    if (rollout != null) {
      return new Ownership(List.of(), rollout, search.notes);
    }
    if (deployment == null) {
      return new Ownership(List.of(), null, search.notes);
    }
    List<Reconciler> chain = new ArrayList<>();
    Node node = new Node("apps", "Deployment", target.namespace(), target.deployment(), deployment.getMetadata(),
        null);
    while (node != null && chain.size() < MAX_DEPTH) {
      Owner owner = ownerOf(node, search);
      if (owner == null) {
        break;
      }
      chain.add(owner.reconciler());
      node = owner.reconciler().cannotPause() == null ? owner.node() : null;
    }
    return new Ownership(chain, null, search.notes);
  }

  /** A reconciler found, and its object, to look for its own owner (null when it has none to follow). */
  private record Owner(Reconciler reconciler, Node node) {}

  private Owner ownerOf(Node node, Search search) throws ClusterException {
    Map<String, String> labels = node.meta().getLabels() == null ? Map.of() : node.meta().getLabels();
    Map<String, String> annotations = node.meta().getAnnotations() == null ? Map.of()
        : node.meta().getAnnotations();
    if (node.kind().equals("Application")) {
      Owner set = applicationSetOf(node, search);
      if (set != null) {
        return set;
      }
    }
    if (labels.containsKey(KUSTOMIZE + "name")) {
      return flux(GitOpsKinds.KUSTOMIZATION, labels.get(KUSTOMIZE + "namespace"), labels.get(KUSTOMIZE + "name"),
          "labels " + KUSTOMIZE + "name and namespace", search);
    }
    if (labels.containsKey(HELM + "name")) {
      return flux(GitOpsKinds.HELM_RELEASE, labels.get(HELM + "namespace"), labels.get(HELM + "name"),
          "labels " + HELM + "name and namespace", search);
    }
    if (annotations.containsKey(TRACKING_ID)) {
      return byTrackingId(node, annotations.get(TRACKING_ID), search);
    }
    if (labels.containsKey(INSTANCE)) {
      return byInstanceLabel(node, labels.get(INSTANCE), search);
    }
    return null;
  }

  private Owner flux(GitOpsKinds kind, String namespace, String name, String foundBy, Search search)
      throws ClusterException {
    if (namespace == null || namespace.isBlank()) {
      search.notes.add("label " + (kind == GitOpsKinds.KUSTOMIZATION ? KUSTOMIZE : HELM) + "name=" + name
          + " has no namespace label beside it: not " + kind.title() + " ownership as Flux writes it");
      return null;
    }
    return reconciler(kind, namespace, name, foundBy, search, this::fluxPause);
  }

  private Owner byTrackingId(Node node, String trackingId, Search search) throws ClusterException {
    // <app>:<group>/<Kind>:<namespace>/<name>, the app as <namespace>_<name> when it lives outside Argo CD's own.
    String[] parts = trackingId.split(":", 3);
    String expected = node.group() + "/" + node.kind() + ":" + node.namespace() + "/" + node.name();
    if (parts.length != 3 || !(parts[1] + ":" + parts[2]).equals(expected)) {
      search.notes.add("annotation " + TRACKING_ID + " '" + trackingId + "' names another resource than "
          + node.kind().toLowerCase(java.util.Locale.ROOT) + " " + node.namespace() + "/" + node.name() + " (copied "
          + "from elsewhere?): Argo CD does not track it by that annotation");
      return null;
    }
    String app = parts[0];
    String namespace = search.config.argocdNamespace();
    int underscore = app.indexOf('_');
    if (underscore > 0) {
      namespace = app.substring(0, underscore);
      app = app.substring(underscore + 1);
    }
    return reconciler(GitOpsKinds.APPLICATION, namespace, app, "annotation " + TRACKING_ID, search,
        this::argoPause);
  }

  private Owner byInstanceLabel(Node node, String app, Search search) throws ClusterException {
    if (search.unserved(GitOpsKinds.APPLICATION) != null) {
      return null;
    }
    String namespace = search.config.argocdNamespace();
    GenericKubernetesResource found;
    try {
      found = get(GitOpsKinds.APPLICATION, namespace, app);
    } catch (KubernetesClientException e) {
      search.notes.add("label " + INSTANCE + "=" + app + ": could not check for Argo CD Application " + namespace
          + "/" + app + " (" + (e.getCode() == 403 ? "this identity may not get argoproj.io/applications there"
          : KubeErrors.describe(e)) + "; grant k8s/optional/argocd-role.yaml)");
      return null;
    }
    if (found == null) {
      return null;
    }
    JsonNode tree = MAPPER.valueToTree(found);
    for (JsonNode r : tree.path("status").path("resources")) {
      if (r.path("group").asText("").equals(node.group()) && r.path("kind").asText().equals(node.kind())
          && r.path("namespace").asText("").equals(node.namespace()) && r.path("name").asText().equals(node.name())) {
        return owner(GitOpsKinds.APPLICATION, found, tree, "label " + INSTANCE + ", listed in the Application's "
            + "status.resources", search, this::argoPause);
      }
    }
    search.notes.add("label " + INSTANCE + "=" + app + " matches Argo CD Application " + namespace + "/" + app
        + ", which does not list this " + node.kind() + " among its resources: not its owner (Helm charts set that "
        + "label too)");
    return null;
  }

  private Owner applicationSetOf(Node app, Search search) throws ClusterException {
    for (OwnerReference ref : app.meta().getOwnerReferences() == null ? List.<OwnerReference>of()
        : app.meta().getOwnerReferences()) {
      if (ref.getKind().equals("ApplicationSet") && ref.getApiVersion().startsWith("argoproj.io/")) {
        return reconciler(GitOpsKinds.APPLICATION_SET, app.namespace(), ref.getName(), "owner of Application "
            + app.namespace() + "/" + app.name(), search, (set, tree) -> applicationSetHolds(set, tree, app.name()));
      }
    }
    return null;
  }

  /** What pausing one found object would change, or why it cannot hold; null pause when it reconciles nothing now. */
  private interface PausePlan {
    Pausing plan(GitOpsKinds kind, JsonNode tree);
  }

  /**
   * @param step the field to change; null when nothing needs pausing
   * @param cannotPause why no pause would hold; null when one does
   * @param idle why this object reconciles nothing now (no automated sync, already suspended); null when it does
   */
  private record Pausing(PauseStep step, String cannotPause, String idle) {}

  private Owner reconciler(GitOpsKinds kind, String namespace, String name, String foundBy, Search search,
      PausePlan pausing) throws ClusterException {
    String unserved = search.unserved(kind);
    if (unserved != null) {
      if (search.served.containsKey(kind.group())) {
        // The group is there at a version drillbook does not know: it cannot tell what a pause means there.
        return new Owner(new Reconciler(kind.title(), namespace, name, foundBy, null, unserved), null);
      }
      search.notes.add(foundBy + " names " + kind.title() + " " + namespace + "/" + name + ", but " + unserved
          + ": nothing here reconciles it");
      return null;
    }
    GenericKubernetesResource found;
    try {
      found = get(kind, namespace, name);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return new Owner(new Reconciler(kind.title(), namespace, name, foundBy, null, "this identity may not get "
            + kind.group() + "/" + kind.resource() + " in namespace " + namespace + ", so drillbook cannot see or "
            + "pause it; grant " + roleFile(kind) + " there"), null);
      }
      throw KubeErrors.failure("cannot read " + kind.title() + " " + namespace + "/" + name + ": ", e);
    }
    if (found == null) {
      search.notes.add(foundBy + " names " + kind.title() + " " + namespace + "/" + name + ", which does not exist: "
          + "nothing reconciles it now");
      return null;
    }
    return owner(kind, found, MAPPER.valueToTree(found), foundBy, search, pausing);
  }

  private Owner owner(GitOpsKinds kind, GenericKubernetesResource found, JsonNode tree, String foundBy,
      Search search, PausePlan pausing) {
    ObjectMeta meta = found.getMetadata();
    Pausing p = pausing.plan(kind, tree);
    if (p.idle() != null) {
      search.notes.add(kind.title() + " " + meta.getNamespace() + "/" + meta.getName() + " (" + foundBy + ") "
          + p.idle());
      return null;
    }
    Reconciler r = new Reconciler(kind.title(), meta.getNamespace(), meta.getName(), foundBy, p.step(),
        p.cannotPause());
    return new Owner(r, new Node(kind.group(), kind.kind(), meta.getNamespace(), meta.getName(), meta, tree));
  }

  private Pausing argoPause(GitOpsKinds kind, JsonNode app) {
    JsonNode automated = app.path("spec").path("syncPolicy").path("automated");
    if (automated.isMissingNode() || automated.isNull()
        || (automated.has("enabled") && !automated.path("enabled").asBoolean(true))) {
      return new Pausing(null, null, "has automated sync off: it shows the drill as OutOfSync but does not undo it");
    }
    return new Pausing(step(kind, app, "/spec/syncPolicy/automated", automated.toString(), null), null, null);
  }

  private Pausing fluxPause(GitOpsKinds kind, JsonNode object) {
    JsonNode suspend = object.path("spec").path("suspend");
    if (suspend.asBoolean(false)) {
      return new Pausing(null, null, "is suspended (spec.suspend: true): it reconciles nothing now");
    }
    return new Pausing(step(kind, object, "/spec/suspend", suspend.isMissingNode() ? null : suspend.toString(),
        "true"), null, null);
  }

  /**
   * An ApplicationSet puts its Applications' specs back to its template unless told to leave them: its
   * {@code applicationsSync} policy {@code create-only} or {@code create-delete}, or an
   * {@code ignoreApplicationDifferences} entry covering the sync policy. Only then does pausing the Application hold.
   */
  private Pausing applicationSetHolds(GitOpsKinds kind, JsonNode set, String app) {
    String policy = set.path("spec").path("syncPolicy").path("applicationsSync").asText("sync");
    if (policy.equals("create-only") || policy.equals("create-delete")) {
      return new Pausing(null, null, null);
    }
    for (JsonNode rule : set.path("spec").path("ignoreApplicationDifferences")) {
      String name = rule.path("name").asText("");
      if (!name.isEmpty() && !name.equals(app)) {
        continue;
      }
      for (JsonNode pointer : rule.path("jsonPointers")) {
        String p = pointer.asText();
        if (p.equals("/spec/syncPolicy") || p.equals("/spec/syncPolicy/automated") || p.equals("/spec")) {
          return new Pausing(null, null, null);
        }
      }
    }
    return new Pausing(null, "ApplicationSet " + set.path("metadata").path("namespace").asText() + "/"
        + set.path("metadata").path("name").asText() + " puts Application " + app + "'s sync policy back (its "
        + "applicationsSync is " + policy + " and no ignoreApplicationDifferences entry covers /spec/syncPolicy); "
        + "add one, or set applicationsSync: create-only, for 'gitops: pause' to hold", null);
  }

  private static PauseStep step(GitOpsKinds kind, JsonNode object, String path, String original, String paused) {
    JsonNode meta = object.path("metadata");
    String namespace = meta.path("namespace").asText();
    String name = meta.path("name").asText();
    return new PauseStep(kind.title() + " " + namespace + "/" + name, kind.apiVersion(), kind.resource(), namespace,
        name, path, original, paused);
  }

  /** The Rollout whose workload the target is (or that the target name really is), as the refusal; else null. */
  private String rolloutOf(TargetConfig target, boolean deploymentExists, Search search) throws ClusterException {
    if (search.unserved(GitOpsKinds.ROLLOUT) != null) {
      return null;
    }
    List<GenericKubernetesResource> rollouts;
    if (!allowed("list", GitOpsKinds.ROLLOUT, target.namespace())) {
      search.notes.add("Argo Rollouts not checked: this identity may not list argoproj.io/rollouts in "
          + target.namespace() + " (grant k8s/optional/argo-rollouts-role.yaml)");
      return null;
    }
    try {
      rollouts = client.genericKubernetesResources(GitOpsKinds.ROLLOUT.context()).inNamespace(target.namespace())
          .list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 404) {
        search.notes.add("Argo Rollouts not checked: " + KubeErrors.describe(e) + " listing argoproj.io/rollouts in "
            + target.namespace() + " (grant k8s/optional/argo-rollouts-role.yaml)");
        return null;
      }
      throw KubeErrors.failure("cannot list Argo Rollouts in " + target.namespace() + ": ", e);
    }
    for (GenericKubernetesResource rollout : rollouts) {
      JsonNode tree = MAPPER.valueToTree(rollout);
      String name = rollout.getMetadata().getName();
      JsonNode ref = tree.path("spec").path("workloadRef");
      if (deploymentExists && ref.path("kind").asText().equals("Deployment")
          && ref.path("name").asText().equals(target.deployment())) {
        return "deployment " + target.qualifiedName() + " is the workload of Argo Rollouts Rollout "
            + target.namespace() + "/" + name + " (spec.workloadRef): the Rollout runs the pods, so rolling the "
            + "Deployment back proves nothing; drillbook does not drill Rollouts (roll it back with 'kubectl argo "
            + "rollouts undo " + name + " -n " + target.namespace() + "')";
      }
      if (!deploymentExists && name.equals(target.deployment())) {
        return target.qualifiedName() + " is an Argo Rollouts Rollout, not a Deployment; drillbook does not drill "
            + "Rollouts (roll it back with 'kubectl argo rollouts undo " + name + " -n " + target.namespace() + "')";
      }
    }
    return null;
  }

  /**
   * Asks before reading another controller's objects, so that an identity without the optional Roles is told what
   * to grant rather than answered 403 (and the API server's audit log shows no refused request).
   */
  private boolean allowed(String verb, GitOpsKinds kind, String namespace) {
    return new AccessReview(client).denied(namespace,
        List.of(new ApiPermissions.Rule(kind.group(), kind.resource(), List.of(verb)))).isEmpty();
  }

  private GenericKubernetesResource get(GitOpsKinds kind, String namespace, String name) {
    if (!allowed("get", kind, namespace)) {
      throw new KubernetesClientException("may not get " + kind.group() + "/" + kind.resource(), 403, null);
    }
    return client.genericKubernetesResources(kind.context()).inNamespace(namespace).withName(name).get();
  }

  static String roleFile(GitOpsKinds kind) {
    return kind.group().equals("argoproj.io") ? "k8s/optional/argocd-role.yaml" : "k8s/optional/flux-role.yaml";
  }

  /** API group name to the versions it serves; empty when discovery cannot be read (nothing is then found). */
  private Map<String, List<String>> discover() throws ClusterException {
    APIGroupList groups;
    try {
      groups = client.getApiGroups();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Map.of();
      }
      throw KubeErrors.failure("cannot read the API server's API groups: ", e);
    }
    Map<String, List<String>> served = new HashMap<>();
    if (groups == null || groups.getGroups() == null) {
      return served;
    }
    for (APIGroup group : groups.getGroups()) {
      served.put(group.getName(), group.getVersions().stream().map(GroupVersionForDiscovery::getVersion).toList());
    }
    return served;
  }
}
