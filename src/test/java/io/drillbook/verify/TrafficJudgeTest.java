package io.drillbook.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.runbook.Threshold;
import io.drillbook.signals.PodLimits;
import io.drillbook.signals.PodUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "kubectl top pod shows steady utilization", judged pod by pod over the window. */
class TrafficJudgeTest {
  private static final double MIB = 1024 * 1024;
  private static final Threshold MEMORY = new Threshold("MaestroMemoryUsageHigh", "memory", ">", 85, "%", "limit",
      null, 14);
  private static final Threshold CPU = new Threshold("MaestroCPUUsageHigh", "cpu", ">", 85, "%", "quota", null, 15);
  private static final PodLimits POD_A = new PodLimits("orchestrator-7d9c-a", 0.5, 512 * MIB);
  private static final PodLimits POD_B = new PodLimits("orchestrator-7d9c-b", 0.5, 512 * MIB);

  private static List<PodUsage> samples(String pod, double... cpuCores) {
    List<PodUsage> out = new ArrayList<>();
    for (int i = 0; i < cpuCores.length; i++) {
      out.add(new PodUsage(pod, Instant.parse("2026-12-05T03:00:00Z").plusSeconds(15L * i), cpuCores[i], 200 * MIB));
    }
    return out;
  }

  @Test
  void podsReportingSteadilyBelowTheRunbooksResourceThresholdsAreSteady() {
    var j = TrafficJudge.judge(List.of(POD_A, POD_B), Map.of(
        POD_A.pod(), samples(POD_A.pod(), 0.12, 0.13, 0.11, 0.12),
        POD_B.pod(), samples(POD_B.pod(), 0.10, 0.10, 0.11)), List.of(MEMORY, CPU), 0.5);
    assertThat(j.result()).isEqualTo(TrafficJudge.Result.STEADY);
    assertThat(j.detail()).startsWith("steady: 2 pods, 3 to 4 samples each; CPU variation up to 0.059 (bound 0.5)")
        .contains("memory up to 39 % of the limit (MaestroMemoryUsageHigh: memory > 85 % of limit)")
        .contains("CPU up to 26 % of the limit (MaestroCPUUsageHigh: cpu > 85 % of quota)");
  }

  @Test
  void aPodWhoseCpuSwingsPastTheBoundIsUnsteady() {
    var j = TrafficJudge.judge(List.of(POD_A), Map.of(POD_A.pod(), samples(POD_A.pod(), 0.02, 0.40, 0.02, 0.41)),
        List.of(), 0.5);
    assertThat(j.result()).isEqualTo(TrafficJudge.Result.UNSTEADY);
    assertThat(j.detail()).isEqualTo("pod orchestrator-7d9c-a CPU varied by 0.91 (coefficient of variation, bound "
        + "0.5): 20m to 410m over 4 samples");
  }

  @Test
  void aPodPastTheRunbooksMemoryAlertIsUnsteadyNamingTheAlertAndItsLine() {
    List<PodUsage> hot = List.of(new PodUsage(POD_A.pod(), Instant.parse("2026-12-05T03:00:00Z"), 0.1, 300 * MIB),
        new PodUsage(POD_A.pod(), Instant.parse("2026-12-05T03:00:15Z"), 0.1, 450 * MIB));
    var j = TrafficJudge.judge(List.of(POD_A), Map.of(POD_A.pod(), hot), List.of(MEMORY), 0.5);
    assertThat(j.result()).isEqualTo(TrafficJudge.Result.UNSTEADY);
    assertThat(j.detail()).isEqualTo("pod orchestrator-7d9c-a memory at 88 % of its limit at 2026-12-05T03:00:15Z, "
        + "past the runbook's MaestroMemoryUsageHigh (memory > 85 % of limit, line 14)");
  }

  @Test
  void aPodWithFewerThanTwoSamplesCannotBeJudgedYet() {
    var j = TrafficJudge.judge(List.of(POD_A, POD_B), Map.of(POD_A.pod(), samples(POD_A.pod(), 0.1, 0.1),
        POD_B.pod(), samples(POD_B.pod(), 0.1)), List.of(), 0.5);
    assertThat(j.result()).isEqualTo(TrafficJudge.Result.NOT_JUDGED);
    assertThat(j.detail()).startsWith("pod orchestrator-7d9c-b reported 1 sample in the window; 2 are needed");
  }

  @Test
  void podsWithoutLimitsAreJudgedOnVariationAndSayWhichThresholdWasNotJudged() {
    PodLimits unlimited = new PodLimits("orchestrator-7d9c-c", null, null);
    var j = TrafficJudge.judge(List.of(unlimited), Map.of(unlimited.pod(), samples(unlimited.pod(), 0.1, 0.1)),
        List.of(MEMORY), 0.5);
    assertThat(j.result()).isEqualTo(TrafficJudge.Result.STEADY);
    assertThat(j.detail()).contains("pod orchestrator-7d9c-c has no memory limit (MaestroMemoryUsageHigh not judged)");
  }

  @Test
  void onlyMemoryAndCpuSharesOfTheLimitAreResourceThresholds() {
    assertThat(TrafficJudge.isResourceShare(MEMORY)).isTrue();
    assertThat(TrafficJudge.isResourceShare(CPU)).isTrue();
    assertThat(TrafficJudge.isResourceShare(new Threshold("E", "error rate", ">", 10, "%", null, "rate(x[5m])", 3)))
        .isFalse();
    assertThat(TrafficJudge.isResourceShare(new Threshold("M", "memory", ">", 85, "%", null, null, 3))).isFalse();
  }
}
