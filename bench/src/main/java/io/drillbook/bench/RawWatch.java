package io.drillbook.bench;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.concurrent.CompletableFuture;

/**
 * The floor under any watch-based detector: a bare fabric8 watch on the Deployment, stamped the moment an event
 * satisfying kubectl's rule arrives. What it shows is the sandbox's write plus the watch transport, not drillbook.
 */
final class RawWatch {
  private RawWatch() {}

  static CompletableFuture<Long> start(KubernetesClient client, NanoClock clock, String namespace, String name) {
    CompletableFuture<Long> seen = new CompletableFuture<>();
    Watch watch = client.apps().deployments().inNamespace(namespace).withName(name).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Deployment d) {
        long at = clock.nanos();
        if (KubectlRule.complete(d)) {
          seen.complete(at);
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        seen.completeExceptionally(new IllegalStateException("raw watch closed", cause));
      }
    });
    seen.whenComplete((v, e) -> watch.close());
    return seen;
  }
}
