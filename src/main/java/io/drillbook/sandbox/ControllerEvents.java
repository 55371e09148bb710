package io.drillbook.sandbox;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The core/v1 Events the real controllers record, written as client-go's event recorder writes them: named
 * {@code <object>.<hex nanos>}, count 1, first and last timestamp in whole seconds, {@code source.component} and
 * {@code reportingComponent} the controller's name, correlated as client-go correlates them ({@link EventCorrelator}:
 * repeats counted, floods combined). The Deployment controller records {@code ScalingReplicaSet}
 * ({@code pkg/controller/deployment/sync.go}), the ReplicaSet controller {@code SuccessfulCreate} and
 * {@code SuccessfulDelete} ({@code pkg/controller/controller_utils.go}). The sandbox's kubelet records none, as the
 * test control plane's fake kubelet records none.
 */
final class ControllerEvents {

  static final String DEPLOYMENT_CONTROLLER = "deployment-controller";
  static final String REPLICASET_CONTROLLER = "replicaset-controller";

  private final KubernetesClient client;
  private final Clock clock;
  private final EventCorrelator correlator = new EventCorrelator();
  private long lastNanos;

  ControllerEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** {@code Scaled up replica set X from 1 to 2}, on the Deployment. */
  void scaledReplicaSet(HasMetadata deployment, String replicaSet, int from, int to) {
    if (from != to) {
      record(deployment, "apps/v1", "Deployment", DEPLOYMENT_CONTROLLER, "ScalingReplicaSet",
          "Scaled " + (to > from ? "up" : "down") + " replica set " + replicaSet + " from " + from + " to " + to);
    }
  }

  /** {@code Created pod: X}, on the ReplicaSet. */
  void createdPod(HasMetadata replicaSet, String pod) {
    record(replicaSet, "apps/v1", "ReplicaSet", REPLICASET_CONTROLLER, "SuccessfulCreate", "Created pod: " + pod);
  }

  /** {@code Deleted pod: X}, on the ReplicaSet. */
  void deletedPod(HasMetadata replicaSet, String pod) {
    record(replicaSet, "apps/v1", "ReplicaSet", REPLICASET_CONTROLLER, "SuccessfulDelete", "Deleted pod: " + pod);
  }

  private synchronized void record(HasMetadata object, String apiVersion, String kind, String component,
      String reason, String message) {
    Instant now = clock.instant();
    String namespace = object.getMetadata().getNamespace();
    String aggregateKey = String.join("\u0000", component, kind, namespace, object.getMetadata().getName(),
        object.getMetadata().getUid(), apiVersion, "Normal", reason);
    EventCorrelator.Decision decision = correlator.observe(aggregateKey, message, now);
    try {
      if (decision.existingName() != null) {
        client.v1().events().inNamespace(namespace).withName(decision.existingName()).edit(e -> {
          e.setCount(decision.count());
          e.setMessage(decision.message());
          e.setLastTimestamp(seconds(now));
          return e;
        });
        correlator.written(decision, decision.existingName());
        return;
      }
      String name = object.getMetadata().getName() + "." + Long.toHexString(uniqueNanos(now));
      Event event = new EventBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder()
              .withApiVersion(apiVersion)
              .withKind(kind)
              .withName(object.getMetadata().getName())
              .withNamespace(namespace)
              .withUid(object.getMetadata().getUid())
              .withResourceVersion(object.getMetadata().getResourceVersion())
              .build())
          .withReason(reason)
          .withMessage(decision.message())
          .withNewSource().withComponent(component).endSource()
          // client-go's combined event is a fresh copy without the reporting controller.
          .withReportingComponent(decision.message().startsWith(EventCorrelator.COMBINED) ? "" : component)
          .withReportingInstance("")
          .withFirstTimestamp(seconds(now))
          .withLastTimestamp(seconds(now))
          .withCount(1)
          .withType("Normal")
          .build();
      client.v1().events().inNamespace(namespace).resource(event).create();
      correlator.written(decision, name);
    } catch (KubernetesClientException e) {
      // An event is a courtesy: a failed write must never fail the controller step that recorded it.
    }
  }

  private static String seconds(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  // The recorder names events by UnixNano; two in the same nanosecond (a coarse test clock) must not collide.
  private long uniqueNanos(Instant now) {
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    lastNanos = Math.max(nanos, lastNanos + 1);
    return lastNanos;
  }
}
