package io.drillbook.kube;

import java.util.List;
import java.util.Objects;

/**
 * The Kubernetes API permissions drillbook needs, as RBAC rules: the one place in code that says what the kube
 * adapter calls. {@code k8s/role.yaml} must grant exactly {@link #DRILL} and
 * {@code k8s/optional/runbook-check-clusterrole.yaml} exactly {@link #RUNBOOK_CHECK}; {@code RbacManifestTest}
 * holds the manifests to that. Change a call in this package, change the rule here, and the test names the manifest
 * to update.
 *
 * <p>RBAC verbs, not HTTP methods: a {@code GET} of a collection is {@code list}, with {@code ?watch=true} it is
 * {@code watch}, a {@code GET} of one named object is {@code get}; a field selector on {@code metadata.name} still
 * makes a request {@code list}/{@code watch}.
 */
public final class ApiPermissions {
  private ApiPermissions() {}

  /**
   * One RBAC policy rule.
   *
   * @param apiGroup API group, {@code ""} for the core group
   * @param resource plural resource name, or {@code resource/subresource}
   * @param verbs RBAC verbs (order is not significant)
   */
  public record Rule(String apiGroup, String resource, List<String> verbs) {
    public Rule {
      Objects.requireNonNull(apiGroup, "apiGroup");
      Objects.requireNonNull(resource, "resource");
      verbs = List.copyOf(verbs);
    }
  }

  /**
   * What {@code drillbook drill NAME} (and the scheduler) calls in the target namespace, for a Role there. All of it is
   * namespaced; nothing cluster-scoped is read.
   *
   * <ul>
   *   <li>{@code apps/deployments: get, list, watch, patch}.
   *       <b>get</b>: {@link KubernetesCluster#plan} and {@link KubernetesCluster#undo} read the target through
   *       {@code resource(target).get()}, and {@link PodLogReader#recentLogs} reads it for its selector and UID.
   *       fabric8's {@code patch(PatchContext, String)} also GETs the object before it sends the PATCH.
   *       <b>patch</b>: {@link KubernetesCluster#undo} sends {@link UndoPatch}'s JSON patch (content type
   *       {@code application/json-patch+json}) of {@code spec.template} and {@code metadata.annotations}; the restore
   *       is the same call. <b>list, watch</b>: {@link RolloutWatch#await} runs a fabric8 informer on the one
   *       Deployment ({@code resource.inform(handler, 0)}), which lists then watches the collection with
   *       {@code fieldSelector=metadata.name=NAME}, and re-lists after {@code 410 Gone}.</li>
   *   <li>{@code apps/replicasets: list}. The rollout history: {@code KubernetesCluster.history} (plan and undo)
   *       and {@link PodLogReader} list ReplicaSets with the Deployment's label selector, then keep those with a
   *       controller ownerReference to it. No ReplicaSet is read by name or changed.</li>
   *   <li>{@code core/pods: list}. {@link PodLogReader#recentLogs} lists the pods matching the Deployment's
   *       selector; before each log read, fabric8's {@code getLog()} checks the pod is ready or terminal with one more
   *       list ({@code fieldSelector=metadata.name=POD}, ready-wait timeout 0, so no watch). No pod is read by name
   *       ({@code get}), deleted or exec'd into.</li>
   *   <li>{@code core/pods/log: get}. {@link PodLogReader#recentLogs}: {@code GET .../pods/NAME/log?container=C
   *       &sinceSeconds=N&timestamps=true} per container, for the runbook's log rule (only drills with a
   *       {@code runbook} read logs).</li>
   *   <li>{@code metrics.k8s.io/pods: list}. {@link PodMetricsReader#usage}: the runbook's traffic check reads
   *       the namespace's PodMetrics as {@code kubectl top pod} does ({@code GET /apis/metrics.k8s.io/v1beta1/
   *       namespaces/NS/pods}), through the sustain window (only drills with a {@code runbook}). Where the cluster
   *       has no metrics API the request is still authorized first, then answered 404.</li>
   *   <li>{@code coordination.k8s.io/leases: create, get, update}. {@link TargetLease}: one Lease per target, so
   *       two schedulers, or a scheduler and a CronJob run, never drill the same Deployment at once: get the Lease,
   *       create it when absent, update it to acquire, renew and release.</li>
   * </ul>
   */
  public static final List<Rule> DRILL = List.of(
      new Rule("apps", "deployments", List.of("get", "list", "watch", "patch")),
      new Rule("apps", "replicasets", List.of("list")),
      new Rule("", "pods", List.of("list")),
      new Rule("", "pods/log", List.of("get")),
      new Rule("metrics.k8s.io", "pods", List.of("list")),
      new Rule("coordination.k8s.io", "leases", List.of("create", "get", "update")));

  /**
   * What the helm CLI calls for a {@code method: helm} drill, in the release namespace, for a Role there beside the
   * drill Role ({@code k8s/optional/helm-role.yaml}). Not drillbook's own calls but Helm's (Helm 4 and Helm 3, the
   * same rules), as the API server's audit log of a real Helm drill shows them ({@code HelmRbacIT}):
   *
   * <ul>
   *   <li>{@code core/secrets: get, list, create, update, delete}. Helm's release storage, one Secret per revision
   *       ({@code sh.helm.release.v1.NAME.vN}): {@code helm history} lists them by label, {@code helm get manifest}
   *       and {@code helm rollback} get one by name, a rollback creates the new revision's Secret and updates the
   *       superseded one's, and deletes the oldest beyond {@code --history-max}.</li>
   *   <li>{@code apps/deployments: get, patch}. {@code helm rollback} reads the chart's Deployment and patches it
   *       (Helm 3 a three-way strategic merge, Helm 4 a server-side apply). A chart with more kinds needs the same on
   *       those.</li>
   * </ul>
   */
  public static final List<Rule> HELM = List.of(
      new Rule("", "secrets", List.of("get", "list", "create", "update", "delete")),
      new Rule("apps", "deployments", List.of("get", "patch")));

  /**
   * What a drill of an Argo CD-owned target reads and, with {@code gitops: pause}, writes, in Argo CD's namespace
   * ({@code k8s/optional/argocd-role.yaml}): {@code get} an Application (its sync policy, its tracked resources, its
   * owner) and an ApplicationSet (whether it would put a paused Application back); {@code patch} an Application's
   * {@code spec.syncPolicy.automated} away and back. Without it a reconciled target is still refused, by its
   * tracking annotation alone.
   */
  public static final List<Rule> ARGOCD = List.of(
      new Rule("argoproj.io", "applications", List.of("get", "patch")),
      new Rule("argoproj.io", "applicationsets", List.of("get")));

  /**
   * The same for Flux, in the namespace of the Kustomizations and HelmReleases ({@code k8s/optional/flux-role.yaml},
   * {@code flux-system} by default): {@code get} to read {@code spec.suspend}, {@code patch} to set it and put it
   * back.
   */
  public static final List<Rule> FLUX = List.of(
      new Rule("kustomize.toolkit.fluxcd.io", "kustomizations", List.of("get", "patch")),
      new Rule("helm.toolkit.fluxcd.io", "helmreleases", List.of("get", "patch")));

  /**
   * In the target's namespace, where Argo Rollouts is installed ({@code k8s/optional/argo-rollouts-role.yaml}):
   * {@code list} Rollouts, to refuse a Deployment that is a Rollout's {@code workloadRef}.
   */
  public static final List<Rule> ROLLOUTS = List.of(new Rule("argoproj.io", "rollouts", List.of("list")));

  /**
   * The part of {@link #DRILL} one drill needs: the pod rules (pods, their logs, their metrics) only when it reads
   * pods (a drill with a runbook, for its log rule and traffic check). Preflight reviews exactly these before it
   * changes anything.
   */
  public static List<Rule> forDrill(boolean readsPodLogs) {
    return DRILL.stream().filter(rule -> readsPodLogs || !(rule.apiGroup().isEmpty()
        || rule.apiGroup().equals("metrics.k8s.io"))).toList();
  }

  /**
   * What {@code drillbook runbook check} reads through {@link ClusterFacts}, run by an operator by hand, never by the
   * CronJob or the scheduler. Read-only, but {@code namespaces} is cluster-scoped and listing secrets returns their
   * data, so the manifest is optional and bound per namespace where it can be.
   *
   * <ul>
   *   <li>{@code core/namespaces: get} (cluster-scoped): {@link ClusterFacts#namespaceExists}.</li>
   *   <li>{@code apps/deployments: get}: {@link ClusterFacts#deploymentExists}.</li>
   *   <li>{@code apps/statefulsets: get}: {@link ClusterFacts#statefulSetExists}.</li>
   *   <li>{@code autoscaling/horizontalpodautoscalers: get}: {@link ClusterFacts#hpaExists} (autoscaling/v2).</li>
   *   <li>{@code core/pods: list}: {@link ClusterFacts#podsMatch}, with the runbook's {@code -l} selector.</li>
   *   <li>{@code core/secrets: list}: {@link ClusterFacts#helmReleaseExists}, with the labels {@code owner=helm,
   *       name=RELEASE}. RBAC cannot narrow a list by label: whoever holds this can read every secret in the
   *       namespace.</li>
   * </ul>
   */
  public static final List<Rule> RUNBOOK_CHECK = List.of(
      new Rule("", "namespaces", List.of("get")),
      new Rule("apps", "deployments", List.of("get")),
      new Rule("apps", "statefulsets", List.of("get")),
      new Rule("autoscaling", "horizontalpodautoscalers", List.of("get")),
      new Rule("", "pods", List.of("list")),
      new Rule("", "secrets", List.of("list")));
}
