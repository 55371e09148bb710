package io.drillbook.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.config.DrillConfig;
import io.drillbook.config.RollbackMethod;
import io.drillbook.config.TargetConfig;
import io.drillbook.config.Timeouts;
import io.drillbook.config.VerificationConfig;
import io.drillbook.config.VerificationConfig.ThresholdOverride;
import io.drillbook.drill.Abort;
import io.drillbook.drill.CheckResult;
import io.drillbook.drill.Verifier.Verification;
import io.drillbook.runbook.RunbookParser;
import io.drillbook.time.Timing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The runbook's log rule, with thresholds skipped by config so no Prometheus is needed. */
class RunbookVerifierLogsTest {
  private static final Path RUNBOOK = Path.of("src/test/resources/runbooks/orchestrator-staging.md");

  private static DrillConfig drill() {
    Map<String, ThresholdOverride> skipAll = Map.of(
        "OrchestratorErrors", new ThresholdOverride(null, null, "no request metrics in this test"),
        "OrchestratorSlow", new ThresholdOverride(null, null, "no latency metrics in this test"));
    return new DrillConfig("logs-only", "staging", new TargetConfig(null, null, "intelgraph-staging",
        "maestro-orchestrator"), new DrillConfig.Rollback(RollbackMethod.KUBERNETES, OptionalLong.empty(), true, null),
        new DrillConfig.Judging(Duration.ofMinutes(5), null, Timeouts.DEFAULTS, new VerificationConfig(RUNBOOK, Duration.ofSeconds(1), Duration.ofSeconds(1), null,
            VerificationConfig.DEFAULT_MATCHERS, 3, skipAll)),
                new DrillConfig.Evidence(Path.of("drills/x.md"), "drills/x.md"), null, DrillConfig.Safety.NONE);
  }

  private static List<String> crashing(String pod, int times) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      lines.add("2026-11-29T03:1" + i + ":00.000000000Z ERROR orchestration worker " + (4000 + i) + " died");
      lines.add("2026-11-29T03:1" + i + ":00.000000001Z java.lang.IllegalStateException: queue " + (17 + i)
          + " closed");
      lines.add("2026-11-29T03:1" + i + ":00.000000002Z \tat com.example.orchestrator.Queue.take(Queue.java:88)");
      lines.add("2026-11-29T03:1" + i + ":00.000000003Z \tat com.example.orchestrator.Worker.run(Worker.java:41)");
    }
    return lines;
  }

  @Test
  void repeatingTraceInTheLogWindowBreachesAndQuotesIt() throws Exception {
    List<Duration> asked = new ArrayList<>();
    PodLogs logs = (target, window) -> {
      asked.add(window);
      return Map.of("maestro-orchestrator-6d9f-abcde/orchestrator", crashing("a", 4));
    };
    Verification v = new RunbookVerifier(new RunbookParser(), null, logs, Timing.system())
        .verify(drill(), "logs-only-1", new Abort());
    assertThat(v.result()).isEqualTo(Verification.Result.BREACHED);
    assertThat(asked).containsExactly(Duration.ofMinutes(2));
    CheckResult check = v.checks().stream().filter(c -> c.name().equals("logs")).findFirst().orElseThrow();
    assertThat(check.ok()).isFalse();
    assertThat(check.detail()).contains("repeated 4 times").contains("IllegalStateException");
    assertThat(v.checks()).filteredOn(c -> c.name().startsWith("threshold ")).hasSize(2).allSatisfy(c ->
        assertThat(c.detail()).startsWith("skipped by config"));
  }

  @Test
  void quietLogsHold() throws Exception {
    PodLogs logs = (target, window) -> Map.of("p/c", List.of("INFO request handled in 12 ms", "INFO health ok"));
    Verification v = new RunbookVerifier(new RunbookParser(), null, logs, Timing.system())
        .verify(drill(), "logs-only-2", new Abort());
    assertThat(v.result()).isEqualTo(Verification.Result.HELD);
    assertThat(v.checks()).anySatisfy(c -> assertThat(c.name()).isEqualTo("logs"));
  }
}
