package io.drillbook.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ReplicaSet controller and kubelet of the sandbox: keeps one Pod per replica of every ReplicaSet, named
 * {@code <rs>-<5 chars>}, labelled and owned like a real one, Running and Ready as the ReplicaSet's status says.
 * Pods of broken images never become ready and crash-loop with a growing restart count.
 *
 * <p>Pods are deleted at once on scale-down (no Terminating phase). Not thread-safe: the seeder uses it before the
 * simulator starts, then only the simulator's thread does.
 */
final class PodKeeper {

  static final String NODE_NAME = "drillbook-sandbox-node";

  // The apiserver's generateName suffix alphabet (utilrand.String): no vowels, no look-alikes.
  private static final String SAFE_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
  private static final int SUFFIX_LENGTH = 5;
  private static final int MAX_BACKOFF_STEPS = 32;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PatchContext JSON_PATCH = PatchContext.of(PatchType.JSON);

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration step;
  private final Set<String> brokenImages;
  private final Random random = new SecureRandom();
  // Crash-looping pods (namespace/name) and when the kubelet restarts each next.
  private final Map<String, Instant> nextRestart = new ConcurrentHashMap<>();
  private final ControllerEvents events;
  private int nextIp = 10;

  PodKeeper(KubernetesClient client, Clock clock, Duration step, Set<String> brokenImages) {
    this.client = client;
    this.events = new ControllerEvents(client, clock);
    this.clock = clock;
    this.step = step;
    this.brokenImages = Set.copyOf(brokenImages);
  }

  /**
   * Makes the pods of {@code rs} match its {@code spec.replicas} and {@code status.readyReplicas}: creates missing
   * pods, deletes surplus ones (unready first, then newest first, as the ReplicaSet controller ranks them), and
   * marks the oldest {@code readyReplicas} pods ready.
   */
  void reconcile(ReplicaSet rs) {
    String namespace = rs.getMetadata().getNamespace();
    int desired = ReplicaSets.specReplicas(rs);
    int ready = ReplicaSets.readyReplicas(rs);
    List<Pod> pods = new ArrayList<>(owned(rs));
    pods.sort(deletionOrder());
    while (pods.size() > desired) {
      Pod victim = pods.remove(0);
      client.pods().inNamespace(namespace).withName(victim.getMetadata().getName()).delete();
      events.deletedPod(rs, victim.getMetadata().getName());
      nextRestart.remove(key(victim));
    }
    while (pods.size() < desired) {
      pods.add(create(rs));
    }
    pods.sort(Comparator.comparing(PodKeeper::startTime).thenComparing(p -> p.getMetadata().getName()));
    boolean broken = images(rs.getSpec().getTemplate().getSpec()).stream().anyMatch(brokenImages::contains);
    for (int i = 0; i < pods.size(); i++) {
      Pod pod = pods.get(i);
      if (broken) {
        if (!nextRestart.containsKey(key(pod))) {
          writeStatus(pod, crashLoopStatus(pod, 1));
          nextRestart.put(key(pod), clock.instant().plus(backoff(1)));
        }
      } else {
        boolean shouldBeReady = i < ready;
        if (shouldBeReady != isReady(pod) || !"Running".equals(pod.getStatus().getPhase())) {
          writeStatus(pod, runningStatus(pod, shouldBeReady));
        }
      }
    }
  }

  /**
   * The ReplicaSet controller's answer to a pod deleted by someone else ({@code kubectl delete pod}): when the
   * ReplicaSet now owns fewer pods than it wants, it creates the missing ones.
   */
  void replaceMissing(String namespace, String replicaSet) {
    ReplicaSet rs = client.apps().replicaSets().inNamespace(namespace).withName(replicaSet).get();
    if (rs != null && owned(rs).size() < ReplicaSets.specReplicas(rs)) {
      reconcile(rs);
    }
  }

  /** The events the Deployment and ReplicaSet controllers record; the simulator records its scalings here. */
  ControllerEvents events() {
    return events;
  }

  /** The kubelet's restarts: every crash-looping pod whose back-off ran out restarts once more. */
  void restartCrashLooping() {
    Instant now = clock.instant();
    for (Map.Entry<String, Instant> entry : List.copyOf(nextRestart.entrySet())) {
      if (now.isBefore(entry.getValue())) {
        continue;
      }
      String[] parts = entry.getKey().split("/", 2);
      Pod pod = client.pods().inNamespace(parts[0]).withName(parts[1]).get();
      if (pod == null) {
        nextRestart.remove(entry.getKey());
        continue;
      }
      int restarts = restartCount(pod) + 1;
      try {
        writeStatus(pod, crashLoopStatus(pod, restarts));
        nextRestart.put(entry.getKey(), now.plus(backoff(restarts)));
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
        nextRestart.remove(entry.getKey());
      }
    }
  }

  private List<Pod> owned(ReplicaSet rs) {
    Map<String, String> selector = rs.getSpec().getSelector().getMatchLabels();
    return client.pods().inNamespace(rs.getMetadata().getNamespace()).withLabels(selector).list().getItems()
        .stream()
        .filter(pod -> pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences()
            .stream().anyMatch(ref -> Objects.equals(ref.getUid(), rs.getMetadata().getUid())))
        .toList();
  }

  private Pod create(ReplicaSet rs) {
    var template = PodTemplates.copy(rs.getSpec().getTemplate());
    Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
    PodSpec spec = template.getSpec();
    spec.setNodeName(NODE_NAME);
    if (spec.getSchedulerName() == null) {
      spec.setSchedulerName("default-scheduler");
    }
    if (spec.getDnsPolicy() == null) {
      spec.setDnsPolicy("ClusterFirst");
    }
    PodAdmission.admit(spec);
    Pod pod = new PodBuilder()
        .withNewMetadata()
          .withName(rs.getMetadata().getName() + "-" + suffix())
          .withGenerateName(rs.getMetadata().getName() + "-")
          .withNamespace(rs.getMetadata().getNamespace())
          .withLabels(labels)
          .withAnnotations(template.getMetadata().getAnnotations())
          .withOwnerReferences(new OwnerReferenceBuilder()
              .withApiVersion("apps/v1")
              .withKind("ReplicaSet")
              .withName(rs.getMetadata().getName())
              .withUid(rs.getMetadata().getUid())
              .withController(true)
              .withBlockOwnerDeletion(true)
              .build())
        .endMetadata()
        .withSpec(spec)
        .build();
    Pod created = client.resource(PodAdmission.pending(pod)).create();
    events.createdPod(rs, created.getMetadata().getName());
    PodStatus status = new PodStatusBuilder()
        .withPhase("Pending")
        .withStartTime(clock.instant().toString())
        .withHostIP("10.89.0.2")
        .withPodIP("10.244.0." + (nextIp++ % 240 + 10))
        .withQosClass("BestEffort")
        .build();
    created.setStatus(PodAdmission.withPodIps(status));
    return created;
  }

  private PodStatus runningStatus(Pod pod, boolean ready) {
    String now = clock.instant().toString();
    PodStatus status = baseStatus(pod);
    status.setConditions(conditions(status, ready, ready ? null : "ContainersNotReady", now));
    List<ContainerStatus> containers = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      containers.add(new ContainerStatusBuilder()
          .withName(c.getName())
          .withImage(c.getImage())
          .withImageID(imageId(c.getImage()))
          .withContainerID("containerd://" + hex(pod.getMetadata().getName() + c.getName(), 64))
          .withReady(ready)
          .withStarted(true)
          .withRestartCount(0)
          .withNewState().withNewRunning().withStartedAt(status.getStartTime()).endRunning().endState()
          .build());
    }
    status.setContainerStatuses(containers);
    return status;
  }

  private PodStatus crashLoopStatus(Pod pod, int restarts) {
    String now = clock.instant().toString();
    PodStatus status = baseStatus(pod);
    status.setConditions(conditions(status, false, "ContainersNotReady", now));
    List<ContainerStatus> containers = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      long backoffSeconds = Math.min(300, 10L << Math.min(restarts - 1, 5));
      containers.add(new ContainerStatusBuilder()
          .withName(c.getName())
          .withImage(c.getImage())
          .withImageID(imageId(c.getImage()))
          .withContainerID("containerd://" + hex(pod.getMetadata().getName() + c.getName() + restarts, 64))
          .withReady(false)
          .withStarted(false)
          .withRestartCount(restarts)
          .withNewState().withNewWaiting()
            .withReason("CrashLoopBackOff")
            .withMessage("back-off " + backoffSeconds + "s restarting failed container=" + c.getName() + " pod="
                + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace()
                + "(" + pod.getMetadata().getUid() + ")")
          .endWaiting().endState()
          .withNewLastState().withNewTerminated()
            .withExitCode(1)
            .withReason("Error")
            .withStartedAt(now)
            .withFinishedAt(now)
            .withContainerID("containerd://" + hex(pod.getMetadata().getName() + c.getName() + restarts, 64))
          .endTerminated().endLastState()
          .build());
    }
    status.setContainerStatuses(containers);
    return status;
  }

  private PodStatus baseStatus(Pod pod) {
    PodStatus current = pod.getStatus();
    return new PodStatusBuilder()
        .withPhase("Running")
        .withStartTime(current == null || current.getStartTime() == null ? clock.instant().toString()
            : current.getStartTime())
        .withHostIP(current == null ? null : current.getHostIP())
        .withPodIP(current == null ? null : current.getPodIP())
        .withPodIPs(current == null ? null : current.getPodIPs())
        .withQosClass("BestEffort")
        .build();
  }

  private static List<PodCondition> conditions(PodStatus status, boolean ready, String reason, String now) {
    String start = status.getStartTime();
    String readyStatus = ready ? "True" : "False";
    return List.of(
        condition("PodReadyToStartContainers", "True", null, start),
        condition("Initialized", "True", null, start),
        condition("Ready", readyStatus, reason, now),
        condition("ContainersReady", readyStatus, reason, now),
        condition("PodScheduled", "True", null, start));
  }

  private static PodCondition condition(String type, String status, String reason, String time) {
    return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason)
        .withLastTransitionTime(time).build();
  }

  private void writeStatus(Pod pod, PodStatus status) {
    try {
      ArrayNode ops = JSON.createArrayNode();
      ops.add(JSON.createObjectNode().put("op", "add").put("path", "/status")
          .set("value", JSON.readTree(Serialization.asJson(status))));
      Pod written = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
          .subresource("status").patch(JSON_PATCH, ops.toString());
      pod.setStatus(written.getStatus());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Unready before ready, then newest first: who the ReplicaSet controller deletes first.
  private static Comparator<Pod> deletionOrder() {
    return Comparator.comparing((Pod p) -> isReady(p) ? 1 : 0)
        .thenComparing(Comparator.comparing(PodKeeper::startTime).reversed())
        .thenComparing(p -> p.getMetadata().getName());
  }

  static boolean isReady(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String startTime(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getStartTime() == null ? ""
        : pod.getStatus().getStartTime();
  }

  private static int restartCount(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return 0;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).max().orElse(0);
  }

  // CrashLoopBackOff doubles 10s up to 5min on a real node; here it doubles one rollout step up to 32 steps.
  private Duration backoff(int restarts) {
    return step.multipliedBy(Math.min(MAX_BACKOFF_STEPS, 1L << Math.min(restarts - 1, 5)));
  }

  private static List<String> images(PodSpec spec) {
    return spec.getContainers().stream().map(Container::getImage).toList();
  }

  private String suffix() {
    StringBuilder out = new StringBuilder(SUFFIX_LENGTH);
    for (int i = 0; i < SUFFIX_LENGTH; i++) {
      out.append(SAFE_ALPHANUMS.charAt(random.nextInt(SAFE_ALPHANUMS.length())));
    }
    return out.toString();
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private static String imageId(String image) {
    return ImageRefs.repository(image) + "@sha256:" + hex(image, 64);
  }

  /** A stable pseudo-random hex string of {@code length} digits derived from {@code seed}. */
  static String hex(String seed, int length) {
    StringBuilder out = new StringBuilder(length);
    long state = (seed.hashCode() | 1L) * 0x9E3779B97F4A7C15L;
    while (out.length() < length) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      out.append(String.format("%016x", state));
    }
    return out.substring(0, length);
  }
}
