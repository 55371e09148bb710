package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookCheckCommandTest {
  private static final Path SEED = Path.of("..", "shared", "seeds", "maestro-slo-rollback-runbook.md");
  private static final Path FIXTURE = Path.of("src/test/resources/runbooks/orchestrator-staging.md");

  /** A cd-rollback.yml that has lost the environment input the runbook still passes. */
  private static final String WORKFLOW_WITHOUT_ENVIRONMENT = """
      name: CD Rollback
      on:
        workflow_dispatch:
          inputs:
            image_tag: { description: Image tag to deploy, required: true, type: string }
      jobs:
        rollback:
          runs-on: ubuntu-latest
          steps:
            - run: kubectl set image deploy/maestro-orchestrator app=registry.example.com/maestro:${{ inputs.image_tag }}
      """;

  @TempDir Path dir;

  private Path config(Sandbox sandbox) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), sandbox.githubToken());
    return Files.writeString(dir.resolve("drillbook.yaml"), """
        github: { apiUrl: "%s", tokenFile: "%s" }
        drills:
          - name: actions-rollback
            environment: staging
            target: { namespace: intelgraph-staging, deployment: maestro-orchestrator }
            method: github-actions
            github: { repository: sandbox/maestro-orchestrator, workflow: cd-rollback.yml, inputs: { image_tag: "1" } }
        """.formatted(sandbox.githubApiUrl(), token));
  }

  @Test
  void reportsTheUndeclaredWorkflowInputWithItsRunbookLineAndExitsOne() throws Exception {
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS)
        .withWorkflowYaml(WORKFLOW_WITHOUT_ENVIRONMENT))) {
      Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("k"));
      CliRun run = CliRun.of("runbook", "check", SEED.toString(), "--config", config(sandbox).toString(),
          "--kubeconfig", kubeconfig.toString(), "--output", "json");
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      List<JsonNode> findings = new ArrayList<>();
      run.json().get("findings").forEach(findings::add);
      assertThat(findings).anySatisfy(f -> {
        assertThat(f.get("severity").asText()).isEqualTo("DRIFT");
        assertThat(f.get("source").asText()).isEqualTo("github");
        assertThat(f.get("message").asText()).contains("input 'environment' is not declared");
        assertThat(Files.readAllLines(SEED).get(f.get("line").asInt() - 1)).contains("-f environment=staging");
      });
      // The seed names production objects; the sandbox holds staging ones only.
      assertThat(findings).anySatisfy(f -> assertThat(f.get("message").asText())
          .isEqualTo("namespace intelgraph-prod does not exist"));
      assertThat(run.out() + run.err()).doesNotContain(sandbox.githubToken());
    }
  }

  @Test
  void aRunbookThatMatchesTheClusterIsClean() throws Exception {
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS)
        .withRolloutDelay(Duration.ofMillis(100)))) {
      CliRun run = CliRun.of("runbook", "check", FIXTURE.toString(), "--kubeconfig",
          sandbox.writeKubeconfig(dir.resolve("k")).toString());
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("0 drift, 0 unreachable").contains("SKIPPED").doesNotContain("DRIFT ");
    }
  }

  @Test
  void anUnreachableClusterExitsThree() throws Exception {
    Path dead = Files.writeString(dir.resolve("dead"), """
        apiVersion: v1
        kind: Config
        clusters: [{ name: dead, cluster: { server: "http://127.0.0.1:9" } }]
        contexts: [{ name: dead, context: { cluster: dead, user: dead } }]
        current-context: dead
        users: [{ name: dead, user: { token: "dead-token" } }]
        """);
    CliRun run = CliRun.of("runbook", "check", FIXTURE.toString(), "--kubeconfig", dead.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
    assertThat(run.out()).contains("UNREACHABLE").doesNotContain("dead-token");
  }
}
