package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.drill.PhaseResult;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.EvidenceEntry;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The github-actions method through the real CLI, against the sandbox's Kubernetes and GitHub APIs. */
class GitHubMethodCliTest {
  @TempDir Path dir;

  @Test
  void demoThroughGitHubActionsPassesAndRecordsTheRunAndItsPhases() throws Exception {
    Path log = dir.resolve("gh.md");
    CliRun run = CliRun.of("demo", "--method", "github-actions", "--log", log.toString(), "--rollout-delay", "100ms");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    EvidenceEntry entry = EvidenceLogReader.readAll(log).get(0);
    assertThat(entry.record().verdict()).isEqualTo(Verdict.PASS);
    assertThat(entry.record().method()).isEqualTo("github-actions");
    assertThat(entry.record().phases()).extracting(PhaseResult::name)
        .containsSubsequence("preflight", "dispatched", "queued", "in_progress", "completed", "rollout", "health",
            "restore");
    assertThat(entry.record().facts()).containsKeys("runUrl", "runAttempt", "headSha", "workflow", "restoreRunUrl");
    assertThat(entry.record().facts().get("runUrl")).contains("/sandbox/maestro-orchestrator/actions/runs/");
  }

  @Test
  void demoFailScenarioOpensAFollowUpIssueAndRestores() throws Exception {
    CliRun run = CliRun.of("demo", "--method", "github-actions", "--scenario", "fail", "--output", "json", "--log",
        dir.resolve("f.md").toString(), "--rollout-delay", "100ms");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    JsonNode json = run.json();
    assertThat(json.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(json.get("restored").asBoolean()).isTrue();
    assertThat(json.get("followUpIssue").asText()).contains("/sandbox/maestro-orchestrator/issues/");
    assertThat(json.get("followUpAction").asText()).isEqualTo("opened");
  }

  @Test
  void inputsTheWorkflowDoesNotDeclareAreRefusedBeforeDispatchNamingThem() throws Exception {
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS)
        .withRolloutDelay(Duration.ofMillis(100)).withRunStepDelay(Duration.ofMillis(50)))) {
      Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("k.kubeconfig"));
      Path token = Files.writeString(dir.resolve("token"), sandbox.githubToken());
      Path config = Files.writeString(dir.resolve("drillbook.yaml"), """
          github: { apiUrl: "%s", tokenFile: "%s", pollInterval: 50ms }
          drills:
            - name: undeclared-inputs
              environment: staging
              target: { namespace: intelgraph-staging, deployment: maestro-orchestrator, kubeconfig: "%s" }
              method: github-actions
              github:
                repository: sandbox/maestro-orchestrator
                workflow: cd-rollback.yml
                inputs: { environment: staging, tag: "${previousImageTag}", force: "true" }
          """.formatted(sandbox.githubApiUrl(), token, kubeconfig));
      CliRun run = CliRun.of("drill", "undeclared-inputs", "--config", config.toString(), "--output", "json");
      assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
      JsonNode json = run.json();
      assertThat(json.get("verdict").asText()).isEqualTo("INCONCLUSIVE");
      assertThat(json.get("reason").asText()).contains("input 'tag' is not declared")
          .contains("input 'force' is not declared").contains("required input 'image_tag' is not given");
      assertThat(sandbox.gitHub().runs("sandbox/maestro-orchestrator")).as("nothing dispatched").isEmpty();
      assertThat(run.out() + run.err()).doesNotContain(sandbox.githubToken());
    }
  }

  @Test
  void unknownPlaceholderIsAConfigError() throws Exception {
    Path config = Files.writeString(dir.resolve("drillbook.yaml"), """
        drills:
          - name: typo
            environment: staging
            target: { namespace: ns, deployment: api }
            method: github-actions
            github:
              repository: acme/api
              workflow: cd-rollback.yml
              inputs: { image_tag: "${previousTag}" }
        """);
    CliRun run = CliRun.of("drill", "typo", "--config", config.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(":9: drills[0].github.inputs.image_tag: unknown placeholder ${previousTag}");
  }

  @Test
  void missingTokenIsBadInput() throws Exception {
    Path config = Files.writeString(dir.resolve("drillbook.yaml"), """
        drills:
          - name: no-token
            environment: staging
            target: { namespace: intelgraph-staging, deployment: maestro-orchestrator }
            method: github-actions
            github: { repository: acme/api, workflow: cd-rollback.yml, inputs: { image_tag: "${previousImageTag}" } }
        """);
    CliRun run = CliRun.of("drill", "no-token", "--config", config.toString(), "--sandbox");
    // --sandbox supplies its own token; without it the real GitHub needs GITHUB_TOKEN, which CliRun leaves unset.
    assertThat(run.exitCode()).as(run.err()).isZero();
    CliRun real = CliRun.of("drill", "no-token", "--config", config.toString(), "--kubeconfig",
        Files.writeString(dir.resolve("k"), "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\n").toString());
    assertThat(real.exitCode()).isEqualTo(2);
    assertThat(real.err()).contains("no GitHub token: set GITHUB_TOKEN or github.tokenFile");
  }
}
