package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Hands every deleted pod owned by a ReplicaSet to the {@link PodKeeper}, on the controller's thread. */
final class DeletedPods {

  private DeletedPods() {}

  static void replaceThrough(WatchHub hub, Executor controller, PodKeeper pods) {
    hub.subscribe(change -> {
      JsonNode object = change.object();
      if (!"DELETED".equals(change.type()) || !"Pod".equals(object.path("kind").asText())) {
        return;
      }
      String namespace = object.path("metadata").path("namespace").asText();
      for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
        if ("ReplicaSet".equals(owner.path("kind").asText()) && owner.path("controller").asBoolean()) {
          String replicaSet = owner.path("name").asText();
          try {
            controller.execute(() -> {
              try {
                pods.replaceMissing(namespace, replicaSet);
              } catch (RuntimeException e) {
                // The sandbox is closing, or the ReplicaSet went with its Deployment: nothing to replace.
              }
            });
          } catch (RejectedExecutionException e) {
            // The controller has stopped: the sandbox is closing.
          }
        }
      }
    });
  }
}
