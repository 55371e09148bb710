package io.drillbook.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Deployment controller for the sandbox: watches Deployments over HTTP and, on every template change,
 * picks or creates the new ReplicaSet, then rolls it out one replica step per {@code step}. Every ReplicaSet
 * scale or readiness change is mirrored in its Pods by the {@link PodKeeper}, which also restarts crash-looping
 * pods once their back-off runs out.
 *
 * <p>All state changes run on the single-threaded {@code scheduler}; informer callbacks only enqueue work.
 */
final class RolloutSimulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RolloutSimulator.class);

  private final KubernetesClient client;
  private final ApiWriter api;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Duration step;
  private final Duration progressDeadline;
  private final Set<String> brokenImages;
  private final Consumer<RolloutCompletion> completions;
  private final PodKeeper pods;
  // Touched only on the scheduler thread.
  private final Map<String, Rollout> active = new HashMap<>();
  private SharedIndexInformer<Deployment> informer;
  private volatile boolean closed;

  RolloutSimulator(KubernetesClient client, ScheduledExecutorService scheduler, Clock clock, Duration step,
      Duration progressDeadline, Set<String> brokenImages, PodKeeper pods,
      Consumer<RolloutCompletion> completions) {
    this.client = client;
    this.api = new ApiWriter(client);
    this.scheduler = scheduler;
    this.clock = clock;
    this.step = step;
    this.progressDeadline = progressDeadline;
    this.brokenImages = Set.copyOf(brokenImages);
    this.completions = completions;
    this.pods = pods;
  }

  void start() {
    informer = client.apps().deployments().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Deployment deployment) {
        enqueueIfChanged(deployment);
      }

      @Override
      public void onUpdate(Deployment oldDeployment, Deployment newDeployment) {
        enqueueIfChanged(newDeployment);
      }

      @Override
      public void onDelete(Deployment deployment, boolean finalStateUnknown) {
        String key = key(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName());
        scheduler.execute(() -> cancel(key));
      }
    }, 0);
    scheduler.scheduleWithFixedDelay(() -> guarded(pods::restartCrashLooping), step.toNanos(), step.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    closed = true;
    if (informer != null) {
      informer.close();
    }
  }

  private void enqueueIfChanged(Deployment deployment) {
    if (needsSync(deployment)) {
      String namespace = deployment.getMetadata().getNamespace();
      String name = deployment.getMetadata().getName();
      scheduler.execute(() -> guarded(() -> sync(namespace, name)));
    }
  }

  private static boolean needsSync(Deployment d) {
    long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    long observed = d.getStatus() == null || d.getStatus().getObservedGeneration() == null
        ? 0 : d.getStatus().getObservedGeneration();
    return generation > observed;
  }

  /** Starts rolling out the Deployment's current generation, superseding whatever was in flight. */
  private void sync(String namespace, String name) {
    Deployment deployment = api.getDeployment(namespace, name);
    if (deployment == null || !needsSync(deployment)) {
      return;
    }
    String key = key(namespace, name);
    cancel(key);
    long generation = deployment.getMetadata().getGeneration();
    int desired = desired(deployment);
    RollingUpdate bounds = RollingUpdate.forReplicas(desired);

    List<ReplicaSet> owned = api.ownedReplicaSets(deployment);
    long maxRevision = Revisions.max(owned);
    Optional<ReplicaSet> match = owned.stream()
        .filter(rs -> PodTemplates.equalIgnoringHash(rs.getSpec().getTemplate(), deployment.getSpec().getTemplate()))
        .findFirst();
    ReplicaSet newRs;
    long revision;
    String reason;
    String message;
    if (match.isPresent()) {
      newRs = match.get();
      long oldRevision = Revisions.of(newRs);
      revision = oldRevision == maxRevision && oldRevision > 0 ? oldRevision : maxRevision + 1;
      if (revision != oldRevision) {
        String history = newRs.getMetadata().getAnnotations() == null
            ? null : newRs.getMetadata().getAnnotations().get(Revisions.REVISION_HISTORY);
        Map<String, String> annotations = new HashMap<>();
        annotations.put(Revisions.REVISION, Long.toString(revision));
        String newHistory = Revisions.appendHistory(history, oldRevision);
        if (newHistory != null) {
          annotations.put(Revisions.REVISION_HISTORY, newHistory);
        }
        api.annotate(newRs, annotations);
      }
      boolean hasProgressing = deployment.getStatus() != null && deployment.getStatus().getConditions() != null
          && deployment.getStatus().getConditions().stream()
              .anyMatch(c -> DeploymentStatuses.PROGRESSING.equals(c.getType()));
      reason = hasProgressing ? DeploymentStatuses.RS_UPDATED : DeploymentStatuses.FOUND_NEW_RS;
      message = hasProgressing ? DeploymentStatuses.progressingMessage(newRs.getMetadata().getName())
          : DeploymentStatuses.foundMessage(newRs.getMetadata().getName());
    } else {
      revision = maxRevision + 1;
      newRs = api.create(ReplicaSets.forTemplate(deployment, deployment.getSpec().getTemplate(), revision,
          0, bounds.maxSurge()));
      reason = DeploymentStatuses.NEW_RS_CREATED;
      message = DeploymentStatuses.createdMessage(newRs.getMetadata().getName());
    }
    api.annotate(deployment, Map.of(Revisions.REVISION, Long.toString(revision)));

    List<String> images = images(deployment);
    Rollout rollout = new Rollout(namespace, name, generation, newRs.getMetadata().getName(), revision,
        images.isEmpty() ? null : images.get(0), images.stream().anyMatch(brokenImages::contains));
    active.put(key, rollout);
    scaleUpNew(rollout, deployment, bounds);
    publish(rollout, deployment, reason, message);
    if (!rollout.done) {
      rollout.future = scheduler.scheduleWithFixedDelay(() -> guarded(() -> tick(rollout)),
          step.toNanos(), step.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** One replica step: last step's new pods become ready, old pods go, new pods come. */
  private void tick(Rollout rollout) {
    if (active.get(rollout.key()) != rollout) {
      return;
    }
    Deployment deployment = api.getDeployment(rollout.namespace, rollout.name);
    if (deployment == null || deployment.getMetadata().getGeneration() != rollout.generation) {
      // A newer change is (or will be) picked up by sync; this rollout must not write anymore.
      cancel(rollout.key());
      return;
    }
    RollingUpdate bounds = RollingUpdate.forReplicas(desired(deployment));
    boolean progressed = markNewReady(rollout, deployment);
    progressed |= scaleDownOld(rollout, deployment, bounds);
    progressed |= scaleUpNew(rollout, deployment, bounds);
    if (progressed) {
      rollout.stepsWithoutProgress = 0;
      publish(rollout, deployment, DeploymentStatuses.RS_UPDATED,
          DeploymentStatuses.progressingMessage(rollout.newRs));
    } else if (++rollout.stepsWithoutProgress * step.toNanos() >= progressDeadline.toNanos()) {
      timeOut(rollout, deployment);
    }
  }

  private boolean markNewReady(Rollout rollout, Deployment deployment) {
    ReplicaSet newRs = newRs(rollout, deployment);
    int replicas = ReplicaSets.specReplicas(newRs);
    if (rollout.broken || ReplicaSets.readyReplicas(newRs) >= replicas) {
      return false;
    }
    pods.reconcile(api.writeStatus(newRs, ReplicaSets.status(replicas, replicas,
        newRs.getMetadata().getGeneration())));
    return true;
  }

  // Unready old pods go first (they count for nothing), then ready ones, oldest revision first,
  // as far as the availability floor allows.
  private boolean scaleDownOld(Rollout rollout, Deployment deployment, RollingUpdate bounds) {
    List<ReplicaSet> all = api.ownedReplicaSets(deployment);
    ReplicaSet newRs = find(all, rollout.newRs);
    List<ReplicaSet> old = all.stream().filter(rs -> rs != newRs && ReplicaSets.specReplicas(rs) > 0).toList();
    int readyTotal = all.stream().mapToInt(ReplicaSets::readyReplicas).sum();
    int removable = readyTotal - (desired(deployment) - bounds.maxUnavailable());
    boolean changed = false;
    for (ReplicaSet rs : old) {
      int replicas = ReplicaSets.specReplicas(rs);
      int ready = Math.min(ReplicaSets.readyReplicas(rs), replicas);
      int removeReady = Math.max(0, Math.min(ready, removable));
      removable -= removeReady;
      int target = ready - removeReady;
      if (target != replicas) {
        setReplicas(rs, target, target, deployment, bounds);
        changed = true;
      }
    }
    return changed;
  }

  private boolean scaleUpNew(Rollout rollout, Deployment deployment, RollingUpdate bounds) {
    List<ReplicaSet> all = api.ownedReplicaSets(deployment);
    ReplicaSet newRs = find(all, rollout.newRs);
    int desired = desired(deployment);
    int oldReplicas = all.stream().filter(rs -> rs != newRs).mapToInt(ReplicaSets::specReplicas).sum();
    int target = Math.max(0, Math.min(desired, desired + bounds.maxSurge() - oldReplicas));
    int current = ReplicaSets.specReplicas(newRs);
    if (target == current) {
      return false;
    }
    int ready = target < current ? Math.min(target, ReplicaSets.readyReplicas(newRs))
        : ReplicaSets.readyReplicas(newRs);
    setReplicas(newRs, target, ready, deployment, bounds);
    return true;
  }

  private void setReplicas(ReplicaSet rs, int replicas, int ready, Deployment deployment, RollingUpdate bounds) {
    int desired = desired(deployment);
    pods.events().scaledReplicaSet(deployment, rs.getMetadata().getName(), ReplicaSets.specReplicas(rs), replicas);
    ReplicaSet scaled = api.scale(rs, replicas, Map.of(
        Revisions.DESIRED_REPLICAS, Integer.toString(desired),
        Revisions.MAX_REPLICAS, Integer.toString(desired + bounds.maxSurge())));
    pods.reconcile(api.writeStatus(scaled,
        ReplicaSets.status(replicas, ready, scaled.getMetadata().getGeneration())));
  }

  /** Writes Deployment status from the replica sets; completes the rollout when kubectl would call it done. */
  private void publish(Rollout rollout, Deployment deployment, String reason, String message) {
    List<ReplicaSet> all = api.ownedReplicaSets(deployment);
    ReplicaSet newRs = find(all, rollout.newRs);
    int desired = desired(deployment);
    RollingUpdate bounds = RollingUpdate.forReplicas(desired);
    DeploymentStatus status = DeploymentStatuses.counts(deployment.getStatus(), rollout.generation, newRs, all);
    boolean complete = isComplete(status, desired);
    java.time.Instant now = clock.instant();
    DeploymentStatuses.setAvailability(status, desired, bounds.maxUnavailable(), now);
    if (complete) {
      DeploymentStatuses.setCondition(status, DeploymentStatuses.PROGRESSING, true,
          DeploymentStatuses.NEW_RS_AVAILABLE, DeploymentStatuses.completeMessage(rollout.newRs), now);
    } else {
      DeploymentStatuses.setCondition(status, DeploymentStatuses.PROGRESSING, true, reason, message, now);
    }
    api.writeStatus(deployment, status);
    if (complete) {
      finish(rollout);
      completions.accept(new RolloutCompletion(rollout.namespace, rollout.name, rollout.revision, rollout.image,
          now));
    }
  }

  private void timeOut(Rollout rollout, Deployment deployment) {
    List<ReplicaSet> all = api.ownedReplicaSets(deployment);
    int desired = desired(deployment);
    DeploymentStatus status = DeploymentStatuses.counts(deployment.getStatus(), rollout.generation,
        find(all, rollout.newRs), all);
    java.time.Instant now = clock.instant();
    DeploymentStatuses.setAvailability(status, desired, RollingUpdate.forReplicas(desired).maxUnavailable(), now);
    DeploymentStatuses.setCondition(status, DeploymentStatuses.PROGRESSING, false,
        DeploymentStatuses.DEADLINE_EXCEEDED, DeploymentStatuses.timedOutMessage(rollout.newRs), now);
    api.writeStatus(deployment, status);
    finish(rollout);
  }

  /** kubectl's rule for "successfully rolled out", minus the generation check the caller guarantees. */
  static boolean isComplete(DeploymentStatus status, int desired) {
    int updated = orZero(status.getUpdatedReplicas());
    return updated == desired && orZero(status.getReplicas()) == updated
        && orZero(status.getAvailableReplicas()) == updated;
  }

  private void finish(Rollout rollout) {
    rollout.done = true;
    if (rollout.future != null) {
      rollout.future.cancel(false);
    }
    active.remove(rollout.key(), rollout);
  }

  private void cancel(String key) {
    Rollout previous = active.remove(key);
    if (previous != null) {
      previous.done = true;
      if (previous.future != null) {
        previous.future.cancel(false);
      }
    }
  }

  private ReplicaSet newRs(Rollout rollout, Deployment deployment) {
    return find(api.ownedReplicaSets(deployment), rollout.newRs);
  }

  private static ReplicaSet find(List<ReplicaSet> all, String name) {
    return all.stream().filter(rs -> rs.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("replica set " + name + " disappeared"));
  }

  private void guarded(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      // One failed step must not kill the scheduler thread for every other Deployment;
      // steps cut short by close() are expected and not worth a warning.
      if (!closed) {
        LOG.warn("sandbox rollout step failed", e);
      }
    }
  }

  private static int desired(Deployment deployment) {
    return orZero(deployment.getSpec().getReplicas());
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static List<String> images(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().stream().map(Container::getImage).toList();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** One in-flight rollout; superseded rollouts are dropped from {@code active} and never write again. */
  private static final class Rollout {
    final String namespace;
    final String name;
    final long generation;
    final String newRs;
    final long revision;
    final String image;
    final boolean broken;
    int stepsWithoutProgress;
    boolean done;
    ScheduledFuture<?> future;

    Rollout(String namespace, String name, long generation, String newRs, long revision, String image,
        boolean broken) {
      this.namespace = namespace;
      this.name = name;
      this.generation = generation;
      this.newRs = newRs;
      this.revision = revision;
      this.image = image;
      this.broken = broken;
    }

    String key() {
      return RolloutSimulator.key(namespace, name);
    }
  }
}
