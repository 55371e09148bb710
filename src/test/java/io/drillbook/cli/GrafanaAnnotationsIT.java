package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.grafana.FakeGrafana;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill marks itself on the configured dashboards: one region per dashboard when it starts, moved to its end with
 * the verdict, through Grafana's annotation API (a stand-in that answers as Grafana does).
 */
class GrafanaAnnotationsIT {
  private static final String TOKEN = "glsa_DrillbookAnnotations_NeverPrinted_0a1b";

  @TempDir Path dir;

  @Test
  void aFailedDrillLeavesARegionPerDashboardTaggedWithItsIdAndMethodAndTheVerdictInItsText() throws Exception {
    try (FakeGrafana grafana = FakeGrafana.start(TOKEN, Map.of("maestro-deploys", "Maestro / Deployments",
        "maestro-slo", "Maestro / SLO burn"));
        Sandbox sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.FAIL)
            .withRolloutDelay(Duration.ofMillis(100)))) {
      Path token = Files.writeString(dir.resolve("grafana-token"), TOKEN + "\n");
      Path config = Files.writeString(dir.resolve("drillbook.yaml"), """
          grafana: { url: "%s", tokenFile: "%s", dashboards: [maestro-deploys, maestro-slo] }
          drills:
            - name: orchestrator-annotated
              environment: staging
              target: { namespace: intelgraph-staging, deployment: maestro-orchestrator, kubeconfig: "%s" }
              health: { url: "%s" }
              timeouts: { rollout: 20s, health: 5s }
              evidenceLog: drills/annotated.md
          """.formatted(grafana.url(), token, sandbox.writeKubeconfig(dir.resolve("k")),
          sandbox.healthUrl("intelgraph-staging", "maestro-orchestrator")));
      Instant before = Instant.now();

      CliRun run = CliRun.of("drill", "orchestrator-annotated", "--config", config.toString(), "--output", "json");

      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      JsonNode json = run.json();
      String drillId = json.get("drillId").asText();
      assertThat(grafana.annotations()).hasSize(2).allSatisfy(a -> {
        assertThat(a.tags()).containsExactly("drillbook", "drill:" + drillId, "method:kubernetes");
        assertThat(a.text()).startsWith("Rollback drill " + drillId + " (kubernetes) on "
            + "intelgraph-staging/maestro-orchestrator: FAIL");
        assertThat(a.time()).isBetween(before.toEpochMilli(), a.timeEnd());
        assertThat(a.timeEnd()).isLessThanOrEqualTo(Instant.now().toEpochMilli());
      });
      assertThat(grafana.annotations()).extracting(FakeGrafana.Annotation::dashboardUid)
          .containsExactly("maestro-deploys", "maestro-slo");
      assertThat(json.get("grafanaAnnotations").asText()).startsWith("maestro-deploys #1, maestro-slo #2 in Grafana ");
      assertThat(run.out() + run.err()).doesNotContain(TOKEN);
    }
  }
}
