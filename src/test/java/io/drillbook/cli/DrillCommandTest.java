package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillCommandTest {
  @TempDir Path dir;

  private Path config(String yaml) throws Exception {
    Path file = dir.resolve("drillbook.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static final String TWO_DRILLS = """
      drills:
        - name: checkout-rollback
          environment: staging
          target: { namespace: shop-staging, deployment: checkout-api }
          objective: 2m
          health: { url: "http://checkout-api.shop-staging.svc:8080/healthz" }
          timeouts: { rollout: 1m, health: 20s }
          evidenceLog: drills/checkout.md
        - name: search-rollback
          environment: staging
          target: { namespace: search-staging, deployment: search-indexer }
          rollback: { toRevision: 3 }
      """;

  @Test
  void sandboxFlagSeedsEveryTargetAndRunsARealDrill() throws Exception {
    Path cfg = config(TWO_DRILLS);
    CliRun run = CliRun.of("drill", "checkout-rollback", "--config", cfg.toString(), "--sandbox");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("sandbox: Kubernetes API at http://127.0.0.1:", "2 deployment(s)", "PASS");
    assertThat(EvidenceLogReader.readAll(dir.resolve("drills/checkout.sandbox.md"))).singleElement()
        .satisfies(e -> assertThat(e.record().environment()).isEqualTo("sandbox"));
    assertThat(dir.resolve("drills/checkout.md")).as("real evidence log untouched by a rehearsal").doesNotExist();
  }

  @Test
  void sandboxSeedsEnoughRevisionsForAnExplicitTarget() throws Exception {
    Path cfg = config(TWO_DRILLS);
    CliRun run = CliRun.of("drill", "search-rollback", "--config", cfg.toString(), "--sandbox", "--dry-run");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("would roll back: revision 4 (registry.example.com/search-indexer:1.0.3) -> "
        + "revision 3 (registry.example.com/search-indexer:1.0.2)");
    assertThat(dir.resolve("drills/search-rollback.md")).doesNotExist();
  }

  @Test
  void unknownConfigKeyPrintsOneLineNamingFileLineAndKeyAndExitsTwo() throws Exception {
    Path cfg = config(TWO_DRILLS.replace("objective: 2m", "objectiv: 2m"));
    CliRun run = CliRun.of("drill", "checkout-rollback", "--config", cfg.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith("drillbook: " + cfg + ":5: drills[0].objectiv: unknown key 'objectiv' "
        + "in drills[0]; expected one of ").contains("objective").doesNotContain("\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void unknownDrillNameListsTheDeclaredOnes() throws Exception {
    CliRun run = CliRun.of("drill", "nope", "--config", config(TWO_DRILLS).toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no drill named 'nope'").contains("checkout-rollback, search-rollback");
  }

  @Test
  void missingKubeconfigFileIsBadInput() throws Exception {
    CliRun run = CliRun.of("drill", "checkout-rollback", "--config", config(TWO_DRILLS).toString(),
        "--kubeconfig", dir.resolve("absent.kubeconfig").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("absent.kubeconfig does not exist");
  }

  @Test
  void preflightRefusalIsInconclusiveExitThreeAndRecorded() throws Exception {
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.maestroDemo(Scenario.PASS).withRolloutDelay(Duration.ofMillis(100)))) {
      Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("sandbox.kubeconfig"));
      Path cfg = config("""
          drills:
            - name: too-far-back
              environment: staging
              target: { namespace: intelgraph-staging, deployment: maestro-orchestrator, kubeconfig: %s }
              rollback: { toRevision: 9 }
          """.formatted(kubeconfig));
      CliRun run = CliRun.of("drill", "too-far-back", "--config", cfg.toString(), "--output", "json");
      assertThat(run.exitCode()).isEqualTo(3);
      assertThat(run.json().get("verdict").asText()).isEqualTo("INCONCLUSIVE");
      assertThat(run.json().get("reason").asText())
          .isEqualTo("preflight refused: deployment intelgraph-staging/maestro-orchestrator: unable to find specified "
              + "revision 9 in history");
      assertThat(EvidenceLogReader.readAll(dir.resolve("drills/too-far-back.md"))).hasSize(1);
    }
  }

  @Test
  void unreachableClusterIsInconclusive() throws Exception {
    Path kubeconfig = dir.resolve("dead.kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: dead
          cluster: { server: "http://127.0.0.1:9" }
        contexts:
        - name: dead
          context: { cluster: dead, user: dead }
        current-context: dead
        users:
        - name: dead
          user: { token: "s3cr3t-token-never-printed" }
        """);
    CliRun run = CliRun.of("drill", "checkout-rollback", "--config", config(TWO_DRILLS).toString(), "--kubeconfig",
        kubeconfig.toString());
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).contains("INCONCLUSIVE").contains("cannot take the drill lock").contains("API server unreachable");
    assertThat(run.out() + run.err()).doesNotContain("s3cr3t-token-never-printed");
  }

  @Test
  void everyCommandAnswersHelpAndVersion() {
    for (String[] args : new String[][] {{"--help"}, {"--version"}, {"drill", "--help"}, {"drill", "--version"},
        {"demo", "--help"}, {"demo", "--version"}, {"sandbox", "--help"}, {"sandbox", "--version"}}) {
      CliRun run = CliRun.of(args);
      assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
      assertThat(run.out()).as(String.join(" ", args)).isNotBlank();
    }
  }

  @Test
  void badUsageExitsTwoWithAHint() {
    CliRun run = CliRun.of("drill");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required parameter: 'NAME'").contains("drillbook drill --help");
    assertThat(CliRun.of("demo", "--scenario", "maybe").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("demo", "--rollout-delay", "soon").err()).contains("is not a duration");
    assertThat(CliRun.of().exitCode()).isEqualTo(2);
  }
}
