package io.drillbook.kube;

import io.drillbook.config.GitOpsConfig;
import io.drillbook.config.TargetConfig;
import io.drillbook.drill.Abort;
import io.drillbook.drill.Cluster;
import io.drillbook.drill.ClusterException;
import io.drillbook.drill.ClusterIdentity;
import io.drillbook.drill.Ownership;
import io.drillbook.drill.PauseStep;
import io.drillbook.drill.PreflightException;
import io.drillbook.drill.RollbackPlan;
import io.drillbook.drill.RolloutOutcome;
import io.drillbook.drill.UndoResult;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/** {@link Cluster} over a real Kubernetes API server, through the fabric8 client. */
public final class KubernetesCluster implements Cluster {
  static final String OCI_REVISION = "org.opencontainers.image.revision";

  private final KubernetesClient client;
  private final LongSupplier nanoTime;
  private final String description;

  /**
   * @param client connected client; closed with this cluster
   * @param nanoTime monotonic source used to stamp when a deciding watch event arrived
   * @param description where the client points, for messages (never credentials)
   */
  public KubernetesCluster(KubernetesClient client, LongSupplier nanoTime, String description) {
    this.client = client;
    this.nanoTime = nanoTime;
    this.description = description;
  }

  @Override
  public RollbackPlan plan(TargetConfig target, OptionalLong toRevision) throws PreflightException, ClusterException {
    Deployment deployment = settled(target, "resume it with 'kubectl rollout resume' before drilling");
    DeploymentHistory history = history(target, deployment);
    ReplicaSet rollbackTo;
    try {
      rollbackTo = history.target(toRevision);
    } catch (DeploymentHistory.RevisionNotFoundException e) {
      throw new PreflightException("deployment " + target.qualifiedName() + ": " + e.getMessage());
    }
    long fromRevision = currentRevision(target, history);
    long toRev = Revisions.of(rollbackTo).getAsLong();
    boolean same = PodTemplates.equalIgnoringHash(rollbackTo.getSpec().getTemplate(), deployment.getSpec().getTemplate());
    return new RollbackPlan(fromRevision, PodTemplates.images(deployment.getSpec().getTemplate()), toRev,
        PodTemplates.images(rollbackTo.getSpec().getTemplate()), same, sourceCommit(deployment),
        helmRelease(deployment), java.util.List.of());
  }

  /**
   * The target as preflight requires it before any drill: present, not paused, fully rolled out.
   *
   * @param whenPaused what to do about a paused one, after "is paused; "
   */
  private Deployment settled(TargetConfig target, String whenPaused) throws PreflightException, ClusterException {
    Deployment deployment = read(target);
    if (deployment == null) {
      throw new PreflightException("deployment " + target.qualifiedName() + " not found at " + description);
    }
    if (Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
      throw new PreflightException("deployment " + target.qualifiedName() + " is paused; " + whenPaused);
    }
    RolloutStatus status = RolloutStatus.of(deployment);
    if (!status.done()) {
      throw new PreflightException("deployment " + target.qualifiedName() + " is not fully rolled out ("
          + status.message() + "); a drill starts only from a settled deployment");
    }
    return deployment;
  }

  private static long currentRevision(TargetConfig target, DeploymentHistory history) throws PreflightException {
    return history.currentRevision().orElseThrow(() -> new PreflightException("deployment " + target.qualifiedName()
        + " has no revision annotation; is a Deployment controller running?"));
  }

  /** The Helm release managing {@code deployment}, as Helm itself marks what it owns; null when Helm does not. */
  private static String helmRelease(Deployment deployment) {
    var labels = deployment.getMetadata().getLabels();
    var annotations = deployment.getMetadata().getAnnotations();
    if (labels == null || annotations == null || !"Helm".equals(labels.get("app.kubernetes.io/managed-by"))
        || annotations.get("meta.helm.sh/release-name") == null) {
      return null;
    }
    return annotations.getOrDefault("meta.helm.sh/release-namespace", deployment.getMetadata().getNamespace()) + "/"
        + annotations.get("meta.helm.sh/release-name");
  }

  @Override
  public RollbackPlan planRestart(TargetConfig target) throws PreflightException, ClusterException {
    // kubectl's own refusal is "can't restart paused deployment (run rollout resume first)".
    Deployment deployment = settled(target, "kubectl cannot restart a paused deployment (run 'kubectl rollout "
        + "resume' first)");
    long revision = currentRevision(target, history(target, deployment));
    String image = PodTemplates.images(deployment.getSpec().getTemplate());
    return new RollbackPlan(revision, image, revision, image, false, sourceCommit(deployment),
        helmRelease(deployment), java.util.List.of());
  }

  @Override
  public void restart(TargetConfig target, java.time.Instant at) throws ClusterException {
    String patch = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"" + PodTemplates.RESTARTED_AT
        + "\":\"" + java.time.format.DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(
            java.time.temporal.ChronoUnit.SECONDS)) + "\"}}}}}";
    try {
      resource(target).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
    } catch (KubernetesClientException e) {
      throw KubeErrors.failure("failed restarting " + target.qualifiedName() + ": ", e);
    }
  }

  @Override
  public UndoResult undo(TargetConfig target, long toRevision) throws ClusterException {
    Deployment deployment = read(target);
    if (deployment == null) {
      throw new ClusterException("deployment " + target.qualifiedName() + " disappeared during the drill");
    }
    ReplicaSet rollbackTo;
    try {
      rollbackTo = history(target, deployment).target(OptionalLong.of(toRevision));
    } catch (DeploymentHistory.RevisionNotFoundException e) {
      throw new ClusterException(e.getMessage(), null, true);
    }
    if (Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
      throw new ClusterException("you cannot rollback a paused deployment; resume it first with "
          + "'kubectl rollout resume' and try again");
    }
    if (PodTemplates.equalIgnoringHash(rollbackTo.getSpec().getTemplate(), deployment.getSpec().getTemplate())) {
      return new UndoResult(true, "skipped rollback (current template already matches revision " + toRevision + ")");
    }
    try {
      resource(target).patch(PatchContext.of(PatchType.JSON), UndoPatch.json(deployment, rollbackTo));
    } catch (KubernetesClientException e) {
      throw KubeErrors.failure("failed restoring revision " + toRevision + " of " + target.qualifiedName()
          + ": ", e);
    }
    return new UndoResult(false, "rolled back to revision " + toRevision);
  }

  @Override
  public OptionalLong newestRevisionRunning(TargetConfig target, String image) throws ClusterException {
    return markers().deployed(target, image).revisionWithImage();
  }

  @Override
  public RolloutOutcome awaitRollout(TargetConfig target, Duration timeout, Abort abort)
      throws ClusterException, InterruptedException {
    return new RolloutWatch(resource(target), nanoTime).await(timeout, abort);
  }

  @Override
  public List<String> deniedAccess(TargetConfig target, boolean readsPodLogs) throws ClusterException {
    return new AccessReview(client).denied(target.namespace(), ApiPermissions.forDrill(readsPodLogs));
  }

  @Override
  public Ownership ownership(TargetConfig target, GitOpsConfig gitops) throws ClusterException {
    return new GitOpsOwners(client).find(target, gitops);
  }

  @Override
  public void applyPause(PauseStep step, boolean pause) throws ClusterException {
    new PauseWriter(client).apply(step, pause);
  }

  @Override
  public List<String> deniedPause(List<PauseStep> steps) throws ClusterException {
    List<String> denied = new java.util.ArrayList<>();
    AccessReview review = new AccessReview(client);
    for (PauseStep step : steps) {
      denied.addAll(review.denied(step.namespace(),
          List.of(new ApiPermissions.Rule(step.group(), step.resource(), List.of("get", "patch")))).stream()
          .map(d -> d + " in namespace " + step.namespace()).toList());
    }
    return denied;
  }

  @Override
  public List<String> deniedHelmAccess(String namespace) throws ClusterException {
    return new AccessReview(client).denied(namespace, ApiPermissions.HELM);
  }

  @Override
  public ClusterIdentity identity() {
    io.fabric8.kubernetes.client.Config config = client.getConfiguration();
    NamedContext current = config.getCurrentContext();
    String context = current == null ? null : current.getName();
    String cluster = current == null || current.getContext() == null ? null : current.getContext().getCluster();
    String host = null;
    try {
      host = config.getMasterUrl() == null ? null : URI.create(config.getMasterUrl()).getHost();
    } catch (IllegalArgumentException e) {
      // No usable host to judge; the other fields still are.
    }
    return new ClusterIdentity(context, cluster, host);
  }

  @Override
  public String rolloutProgress(TargetConfig target) throws ClusterException {
    Deployment d = read(target);
    if (d == null) {
      return null;
    }
    DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    return "generation " + d.getMetadata().getGeneration() + ", observed " + s.getObservedGeneration()
        + ", replicas " + orZero(s.getReplicas()) + ", updated " + orZero(s.getUpdatedReplicas()) + ", ready "
        + orZero(s.getReadyReplicas()) + ", available " + orZero(s.getAvailableReplicas()) + ", unavailable "
        + orZero(s.getUnavailableReplicas());
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  /** The OCI source-revision annotation of the running release: pod template first, then the Deployment. */
  private static String sourceCommit(Deployment deployment) {
    var template = deployment.getSpec().getTemplate().getMetadata();
    String fromTemplate = template == null || template.getAnnotations() == null ? null
        : template.getAnnotations().get(OCI_REVISION);
    if (fromTemplate != null && !fromTemplate.isBlank()) {
      return fromTemplate.trim();
    }
    var annotations = deployment.getMetadata().getAnnotations();
    String fromDeployment = annotations == null ? null : annotations.get(OCI_REVISION);
    return fromDeployment == null || fromDeployment.isBlank() ? null : fromDeployment.trim();
  }

  private Deployment read(TargetConfig target) throws ClusterException {
    try {
      return resource(target).get();
    } catch (KubernetesClientException e) {
      throw KubeErrors.failure("cannot read deployment " + target.qualifiedName() + " at " + description + ": ", e);
    }
  }

  private DeploymentHistory history(TargetConfig target, Deployment deployment) throws ClusterException {
    try {
      List<ReplicaSet> candidates = client.apps().replicaSets().inNamespace(target.namespace())
          .withLabelSelector(deployment.getSpec().getSelector()).list().getItems();
      return DeploymentHistory.of(deployment, candidates);
    } catch (KubernetesClientException e) {
      throw KubeErrors.failure("cannot list replica sets of " + target.qualifiedName() + ": ", e);
    }
  }

  private RollableScalableResource<Deployment> resource(TargetConfig target) {
    return client.apps().deployments().inNamespace(target.namespace()).withName(target.deployment());
  }

  /** The per-target drill lock as Leases in this cluster, held as {@code identity/<drill id>}. */
  public TargetLease locks(String identity, java.time.Duration leaseDuration, io.drillbook.time.Timing timing,
      io.drillbook.drill.LocalProcesses processes) {
    return new TargetLease(client, identity, leaseDuration, timing, processes);
  }

  /** The drill-in-progress markers on Deployments of this cluster. */
  public MarkerAnnotations markers() {
    return new MarkerAnnotations(client);
  }

  /** Reads the target pods' logs through this cluster's connection. */
  /** The target pods' usage from the metrics API, as {@code kubectl top pod} reads it. */
  public PodMetricsReader podMetrics() {
    return new PodMetricsReader(client);
  }

  public PodLogReader podLogs() {
    return new PodLogReader(client);
  }

  @Override
  public void close() {
    client.close();
  }
}
