package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.evidence.EvidenceLogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleCommandTest {
  @TempDir Path dir;

  @Test
  void sandboxDaemonRunsTwoScheduledDrillsThenStops() throws Exception {
    Path config = Files.writeString(dir.resolve("drillbook.yaml"), """
        drills:
          - name: every-five-seconds
            environment: staging
            target: { namespace: intelgraph-staging, deployment: maestro-orchestrator }
            schedule: "*/5 * * * * ?"
            timezone: Europe/Berlin
            evidenceLog: drills/scheduled.md
        """);
    CliRun run = CliRun.of("schedule", "--config", config.toString(), "--sandbox", "--max-runs", "2", "--port", "0");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("ready", "every-five-seconds next at", "stopping after 2 completed run(s)");
    assertThat(EvidenceLogReader.readAll(dir.resolve("drills/scheduled.sandbox.md")))
        .extracting(e -> e.record().verdict().name()).containsExactly("PASS", "PASS");
  }

  @Test
  void configWithoutScheduledDrillsIsBadUsage() throws Exception {
    Path config = Files.writeString(dir.resolve("drillbook.yaml"), """
        drills:
          - name: manual-only
            environment: staging
            target: { namespace: ns, deployment: api }
        """);
    CliRun run = CliRun.of("schedule", "--config", config.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no drill in").contains("has a 'schedule:'");
  }

  @Test
  void invalidCronIsAConfigErrorNamingTheLine() throws Exception {
    Path config = Files.writeString(dir.resolve("drillbook.yaml"), """
        drills:
          - name: typo
            environment: staging
            target: { namespace: ns, deployment: api }
            schedule: "every monday"
        """);
    CliRun run = CliRun.of("schedule", "--config", config.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(":5: drills[0].schedule: 'every monday' is not a Quartz cron expression");
  }
}
