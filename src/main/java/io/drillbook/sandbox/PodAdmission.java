package io.drillbook.sandbox;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * What kube-apiserver's admission and defaulting add to every pod a ReplicaSet creates, so {@code kubectl describe
 * pod} reads as on a real cluster: {@code Priority: 0} (the Priority plugin), the not-ready/unreachable tolerations
 * for 300 s (DefaultTolerationSeconds), phase {@code Pending} on create, and {@code status.podIPs} from
 * {@code status.podIP}.
 */
final class PodAdmission {

  static final long TOLERATION_SECONDS = 300;

  private PodAdmission() {}

  static void admit(PodSpec spec) {
    if (spec.getPriority() == null) {
      spec.setPriority(0);
    }
    if (spec.getPreemptionPolicy() == null) {
      spec.setPreemptionPolicy("PreemptLowerPriority");
    }
    if (spec.getEnableServiceLinks() == null) {
      spec.setEnableServiceLinks(true);
    }
    List<io.fabric8.kubernetes.api.model.Toleration> tolerations =
        spec.getTolerations() == null ? new ArrayList<>() : new ArrayList<>(spec.getTolerations());
    for (String taint : List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")) {
      if (tolerations.stream().noneMatch(t -> taint.equals(t.getKey()))) {
        tolerations.add(new TolerationBuilder().withKey(taint).withOperator("Exists").withEffect("NoExecute")
            .withTolerationSeconds(TOLERATION_SECONDS).build());
      }
    }
    spec.setTolerations(tolerations);
  }

  /** A new pod as the API server stores it on create: {@code Pending}, its QoS class set. */
  static io.fabric8.kubernetes.api.model.Pod pending(io.fabric8.kubernetes.api.model.Pod pod) {
    if (pod.getStatus() == null) {
      pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Pending")
          .withQosClass("BestEffort").build());
    }
    return pod;
  }

  /** {@code status.podIPs}, which the API server fills from {@code status.podIP}. */
  static PodStatus withPodIps(PodStatus status) {
    if (status.getPodIP() != null && (status.getPodIPs() == null || status.getPodIPs().isEmpty())) {
      status.setPodIPs(List.of(new io.fabric8.kubernetes.api.model.PodIP(status.getPodIP())));
    }
    return status;
  }
}
