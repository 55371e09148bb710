package io.drillbook.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs dispatched cd-rollback workflow runs against the sandbox cluster: queued for one step, in progress for one
 * set-up step, then it deploys the requested image tag and waits like {@code kubectl rollout status}. A workflow
 * that reads a secret the repository does not define fails in that step, deploying nothing.
 *
 * <p>Every step runs on the sandbox scheduler; steps never sleep, they schedule the next one.
 */
final class WorkflowRunner {

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowRunner.class);

  private final GitHubStore store;
  private final ApiWriter api;
  private final ScheduledExecutorService scheduler;
  private final Duration stepDelay;
  private final Duration pollInterval;
  private final Duration giveUpAfter;

  /**
   * @param pollInterval how often a running rollout is checked
   * @param giveUpAfter how long to wait for the rollout before failing, as {@code rollout status --timeout}
   */
  WorkflowRunner(GitHubStore store, ApiWriter api, ScheduledExecutorService scheduler, Duration stepDelay,
      Duration pollInterval, Duration giveUpAfter) {
    this.store = store;
    this.api = api;
    this.scheduler = scheduler;
    this.stepDelay = stepDelay;
    this.pollInterval = pollInterval;
    this.giveUpAfter = giveUpAfter;
  }

  /** Queues the run; it starts one step later. */
  void start(FakeRepo repo, FakeRun run) {
    Instant queuedSince = store.preciseNow();
    later(stepDelay, run, () -> {
      synchronized (store) {
        run.queuedFor = Duration.between(queuedSince, store.preciseNow());
        run.status = "in_progress";
        run.runStartedAt = store.now();
        run.updatedAt = run.runStartedAt;
      }
      later(stepDelay, run, () -> deploy(repo, run));
    });
  }

  private void deploy(FakeRepo repo, FakeRun run) {
    if (!RepositorySecrets.missingIn(run.headCommit.files().get(FakeRepo.WORKFLOW_PATH)).isEmpty()) {
      // The missing secret reads as an empty string and the step using it fails before anything is deployed.
      LOG.debug("sandbox workflow run {} fails: a secret it reads is not defined", run.id);
      complete(run, "failure");
      return;
    }
    String tag = run.inputs.get("image_tag");
    if (tag == null) {
      // A workflow without an image_tag input (an override) has nothing to deploy.
      complete(run, "success");
      return;
    }
    SeedDeployment seed = repo.seed;
    Deployment deployment = api.getDeployment(seed.namespace(), seed.name());
    if (deployment == null) {
      complete(run, "failure");
      return;
    }
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    int index = Math.max(0, indexOf(containers, seed.containerName()));
    String image = ImageRefs.withTag(containers.get(index).getImage(), tag);
    Optional<ReplicaSet> earlier = api.ownedReplicaSets(deployment).stream()
        .filter(rs -> runs(rs.getSpec().getTemplate(), seed.containerName(), image))
        .reduce((first, second) -> second);
    Deployment updated;
    if (earlier.isPresent()) {
      updated = api.replaceTemplate(deployment, PodTemplates.withoutHash(earlier.get().getSpec().getTemplate()));
    } else if (!ImageRefs.isValidTag(tag)) {
      complete(run, "failure");
      return;
    } else {
      updated = api.setImage(deployment, index, image);
    }
    long generation = updated.getMetadata().getGeneration();
    Instant deadline = store.preciseNow().plus(giveUpAfter);
    later(pollInterval, run, () -> watch(repo, run, generation, deadline));
  }

  /** One look at the rollout, with kubectl's rules for done and failed. */
  private void watch(FakeRepo repo, FakeRun run, long generation, Instant deadline) {
    Deployment deployment = api.getDeployment(repo.seed.namespace(), repo.seed.name());
    if (deployment == null) {
      complete(run, "failure");
      return;
    }
    long observed = deployment.getStatus() == null || deployment.getStatus().getObservedGeneration() == null
        ? 0 : deployment.getStatus().getObservedGeneration();
    if (observed >= generation && HealthEndpoint.rolloutProblem(deployment) == null) {
      complete(run, "success");
    } else if (observed >= generation && deadlineExceeded(deployment)) {
      complete(run, "failure");
    } else if (store.preciseNow().isAfter(deadline)) {
      complete(run, "failure");
    } else {
      later(pollInterval, run, () -> watch(repo, run, generation, deadline));
    }
  }

  private void complete(FakeRun run, String conclusion) {
    synchronized (store) {
      run.status = "completed";
      run.conclusion = conclusion;
      run.updatedAt = store.now();
    }
  }

  private void later(Duration delay, FakeRun run, Runnable step) {
    try {
      scheduler.schedule(() -> {
        try {
          step.run();
        } catch (RuntimeException e) {
          LOG.debug("sandbox workflow run {} failed", run.id, e);
          complete(run, "failure");
        }
      }, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The sandbox is closing; the run simply stops where it is.
    }
  }

  private static boolean deadlineExceeded(Deployment deployment) {
    return deployment.getStatus().getConditions() != null && deployment.getStatus().getConditions().stream()
        .anyMatch(c -> DeploymentStatuses.PROGRESSING.equals(c.getType())
            && DeploymentStatuses.DEADLINE_EXCEEDED.equals(c.getReason()));
  }

  private static boolean runs(PodTemplateSpec template, String containerName, String image) {
    List<Container> containers = template.getSpec().getContainers();
    int index = Math.max(0, indexOf(containers, containerName));
    return index < containers.size() && image.equals(containers.get(index).getImage());
  }

  private static int indexOf(List<Container> containers, String name) {
    for (int i = 0; i < containers.size(); i++) {
      if (name.equals(containers.get(i).getName())) {
        return i;
      }
    }
    return -1;
  }
}
