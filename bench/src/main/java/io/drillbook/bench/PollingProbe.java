package io.drillbook.bench;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The peer approach of probe-based chaos tools: GET the Deployment every {@code interval} and apply kubectl's rule.
 * Its schedule is not synchronised with the rollout: the first GET comes at a uniformly random offset within one
 * interval, as for a probe loop that was already running.
 */
final class PollingProbe {
  private final KubernetesClient client;
  private final NanoClock clock;
  private final Duration interval;

  PollingProbe(KubernetesClient client, NanoClock clock, Duration interval) {
    this.client = client;
    this.clock = clock;
    this.interval = interval;
  }

  /** Polls on a new thread until complete; completes with the nano instant the completing answer arrived. */
  CompletableFuture<Long> start(String namespace, String name, boolean randomPhase, Duration timeout) {
    CompletableFuture<Long> seen = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        seen.complete(pollUntilComplete(namespace, name, randomPhase, timeout));
      } catch (Throwable e) {
        seen.completeExceptionally(e);
      }
    }, "bench-polling-probe");
    t.setDaemon(true);
    t.start();
    return seen;
  }

  /** Polls on this thread; returns the nano instant the completing answer arrived. */
  long pollUntilComplete(String namespace, String name, boolean randomPhase, Duration timeout)
      throws InterruptedException {
    long period = interval.toNanos();
    long next = clock.nanos() + (randomPhase ? ThreadLocalRandom.current().nextLong(period) : 0);
    long deadline = clock.nanos() + timeout.toNanos();
    while (clock.nanos() < deadline) {
      sleepUntil(next);
      Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
      long at = clock.nanos();
      if (KubectlRule.complete(d)) {
        return at;
      }
      next += period; // fixed rate, like a probe with a fixed interval
    }
    throw new IllegalStateException("polling probe: " + namespace + "/" + name + " not rolled out in " + timeout);
  }

  private void sleepUntil(long nanos) throws InterruptedException {
    long wait;
    while ((wait = nanos - clock.nanos()) > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }
}
