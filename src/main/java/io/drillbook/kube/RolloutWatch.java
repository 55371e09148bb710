package io.drillbook.kube;

import io.drillbook.drill.Abort;
import io.drillbook.drill.ClusterException;
import io.drillbook.drill.RolloutOutcome;
import io.drillbook.drill.RolloutOutcome.State;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Waits for a rollout by watching (list + watch through an informer, which relists on 410 Gone and reconnects
 * closed watches), never by polling. Each event is judged with kubectl's rule the moment it arrives.
 *
 * <p>The informer lists with {@code resourceVersion=0}, which a real API server may answer from its watch cache with
 * a copy older than the write the caller just made: judged by kubectl's rule, the previous, finished rollout would
 * pass as this one (seen on the real control plane: a restore "rolled out" 30 ms after its patch, still on the
 * rolled-back image). So a consistent read first fixes the generation being waited for, and every copy of an older
 * generation is ignored.
 */
final class RolloutWatch {
  private final Resource<Deployment> resource;
  private final LongSupplier nanoTime;

  RolloutWatch(Resource<Deployment> resource, LongSupplier nanoTime) {
    this.resource = resource;
    this.nanoTime = nanoTime;
  }

  RolloutOutcome await(Duration timeout, Abort abort) throws ClusterException, InterruptedException {
    long awaited = currentGeneration();
    CompletableFuture<RolloutOutcome> outcome = new CompletableFuture<>();
    AtomicReference<Deployment> last = new AtomicReference<>();
    ResourceEventHandler<Deployment> handler = new ResourceEventHandler<>() {
      @Override
      public void onAdd(Deployment d) {
        judge(d);
      }

      @Override
      public void onUpdate(Deployment oldD, Deployment d) {
        judge(d);
      }

      @Override
      public void onDelete(Deployment d, boolean finalStateUnknown) {
        outcome.complete(new RolloutOutcome(State.FAILED, "deployment \"" + d.getMetadata().getName()
            + "\" was deleted during the rollout", 0, PodTemplates.images(d.getSpec().getTemplate()),
            nanoTime.getAsLong()));
      }

      private void judge(Deployment d) {
        long seenAt = nanoTime.getAsLong();
        if (generation(d) < awaited) {
          return; // a cached copy from before the change being waited for
        }
        last.set(d);
        RolloutStatus status = RolloutStatus.of(d);
        if (status.done() || status.failed()) {
          outcome.complete(new RolloutOutcome(status.done() ? State.COMPLETE : State.FAILED, status.message(),
              Revisions.of(d).orElse(0), PodTemplates.images(d.getSpec().getTemplate()), seenAt));
        }
      }
    };
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    // Registered before the informer starts: an abort that fired while the first read hung wins over whatever the
    // informer then sees (a fenced drill must not judge a rollout someone else has since changed).
    abort.onFire(() -> outcome.complete(ended(State.ABORTED, "aborted: " + abort.reason(), last.get())));
    SharedIndexInformer<Deployment> informer;
    try {
      informer = resource.inform(handler, 0);
    } catch (KubernetesClientException e) {
      throw KubeErrors.failure("cannot watch deployment: ", e);
    }
    try {
      long remaining = deadline - nanoTime.getAsLong();
      try {
        return outcome.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (!informer.isWatching() && last.get() == null) {
          throw new ClusterException("lost the watch on the deployment and could not re-establish it within "
              + timeout.toSeconds() + " s");
        }
        Deployment seen = last.get();
        String where = seen == null ? "no status seen" : RolloutStatus.of(seen).message();
        if (!informer.isWatching()) {
          throw new ClusterException("the watch on the deployment was lost and not re-established before the "
              + "rollout timeout (last seen: " + where + ")");
        }
        return ended(State.TIMED_OUT, "rollout not complete after " + timeout.toSeconds() + " s: " + where, seen);
      } catch (ExecutionException e) {
        throw new ClusterException("watching the deployment failed: " + e.getCause().getMessage(), e.getCause());
      }
    } finally {
      informer.close();
    }
  }

  /** The Deployment's generation now, read from etcd (no resourceVersion: a quorum read, never the watch cache). */
  private long currentGeneration() throws ClusterException {
    Deployment now;
    try {
      now = resource.get();
    } catch (KubernetesClientException e) {
      throw KubeErrors.failure("cannot read deployment: ", e);
    }
    if (now == null) {
      throw new ClusterException("the deployment does not exist (deleted before the rollout could be watched)",
          null, true);
    }
    return generation(now);
  }

  private static long generation(Deployment d) {
    Long generation = d.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  private RolloutOutcome ended(State state, String message, Deployment seen) {
    long revision = seen == null ? 0 : Revisions.of(seen).orElse(0);
    String image = seen == null ? "" : PodTemplates.images(seen.getSpec().getTemplate());
    return new RolloutOutcome(state, message, revision, image, nanoTime.getAsLong());
  }
}
