package io.drillbook.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed runbook, read where CI keeps it: {@code ../shared/seeds/} next to the project. */
class SeedRunbookTest {
  private static final Path SEED = Path.of("../shared/seeds/maestro-slo-rollback-runbook.md");
  private static Runbook runbook;

  @BeforeAll
  static void parseSeed() throws Exception {
    if (!Files.isRegularFile(SEED)) {
      throw new IllegalStateException("seed runbook missing: " + SEED.toAbsolutePath()
          + " (CI checks out the shared seeds next to the project)");
    }
    runbook = new RunbookParser().parse(SEED);
  }

  @Test
  void readsExactlyTheFourNumericThresholdsWithTheirQueries() {
    assertThat(runbook.thresholds())
        .extracting(Threshold::alert, Threshold::metric, Threshold::comparator, Threshold::value, Threshold::unit,
            Threshold::qualifier)
        .containsExactly(
            tuple("MaestroHighErrorRate", "error rate", ">", 10.0, "%", null),
            tuple("MaestroHighLatency", "p95 orchestration duration", ">", 30.0, "s", null),
            tuple("MaestroMemoryUsageHigh", "memory", ">", 85.0, "%", "limit"),
            tuple("MaestroCPUUsageHigh", "cpu", ">", 85.0, "%", "quota"));
    assertThat(runbook.thresholds()).extracting(Threshold::query).containsExactly(
        "rate(maestro_orchestration_errors_total[5m])",
        "histogram_quantile(0.95, rate(maestro_orchestration_duration_seconds_bucket[5m]))",
        null,
        null);
    assertThat(runbook.thresholds()).extracting(Threshold::line).containsExactly(13, 14, 16, 17);
  }

  @Test
  void reportsThePodsNotReportingRowAsTheOnlyProblem() {
    assertThat(runbook.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(15);
      assertThat(p.message()).contains("MaestroPodDown").contains("no numeric threshold");
    });
  }

  @Test
  void readsTheDeploymentAndTheHelmReleaseInTheSameNamespace() {
    assertThat(runbook.workloads()).containsExactly(
        new Workload("Deployment", "intelgraph-prod", "maestro-orchestrator", 6),
        new Workload("HelmRelease", "intelgraph-prod", "maestro", 6));
  }

  @Test
  void readsTheVerificationSection() {
    Verification v = runbook.verification();
    assertThat(v.healthUrl()).isEqualTo("https://maestro.intelgraph.ai/health");
    assertThat(v.expectStatus()).isEqualTo(200);
    assertThat(v.sustainSeconds()).isEqualTo(600);
    assertThat(v.logWindowSeconds()).isEqualTo(300);
    assertThat(v.healthLine()).isEqualTo(66);
    assertThat(v.expectStatusLine()).isEqualTo(66);
    assertThat(v.sustainLine()).isEqualTo(67);
    assertThat(v.logWindowLine()).isEqualTo(68);
  }

  @Test
  void findsTheKubernetesHelmAndGitHubActionsRollbacks() {
    assertThat(runbook.rollbackPaths()).extracting(RollbackPathSpec::kind).containsExactly(
        RollbackKind.KUBERNETES, RollbackKind.HELM, RollbackKind.GITHUB_ACTIONS);
    RollbackPathSpec kube = runbook.rollbackPaths().get(0);
    assertThat(kube.parameters()).containsExactly(
        java.util.Map.entry("namespace", "intelgraph-prod"),
        java.util.Map.entry("deployment", "maestro-orchestrator"),
        java.util.Map.entry("toRevision", "<REV>"));
    assertThat(kube.line()).isEqualTo(40);
    RollbackPathSpec helm = runbook.rollbackPaths().get(1);
    assertThat(helm.parameters()).containsEntry("namespace", "intelgraph-prod").containsEntry("release", "maestro");
    assertThat(helm.line()).isEqualTo(45);
  }

  @Test
  void readsTheContinuedGhWorkflowRunWithTheLineOfEachInput() {
    RollbackPathSpec gh = runbook.rollbackPaths().get(2);
    assertThat(gh.line()).isEqualTo(56);
    assertThat(gh.parameters())
        .containsEntry("workflow", "cd-rollback.yml")
        .containsEntry("ref", "main")
        .containsEntry("input.environment", "staging")
        .containsEntry("input.image_tag", "<stable-image-tag>");
    assertThat(gh.parameterLines())
        .containsEntry("ref", 57)
        .containsEntry("input.environment", 58)
        .containsEntry("input.image_tag", 59);
  }

  @Test
  void findsTheEvidenceFileAndHashesTheExactBytes() throws Exception {
    assertThat(runbook.evidencePath()).isEqualTo("drills/maestro-cd-rollback-drill.md");
    assertThat(runbook.source()).isEqualTo(SEED.toString());
    String expected = java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(SEED)));
    assertThat(runbook.sha256()).isEqualTo(expected);
  }

  @Test
  void printsTheGitHubInputsFlatInJson() {
    var gh = RunbookJson.of(runbook).get("rollbackPaths").get(2);
    assertThat(gh.get("kind").asText()).isEqualTo("github-actions");
    assertThat(gh.get("input.environment").asText()).isEqualTo("staging");
    assertThat(gh.get("input.image_tag").asText()).isEqualTo("<stable-image-tag>");
  }
}
