package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.EvidenceLogReader;
import io.drillbook.sandbox.Sandbox;
import io.drillbook.sandbox.SandboxOptions;
import io.drillbook.sandbox.SeedDeployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production guard through the real CLI against a sandbox whose namespace looks like production. */
class ProductionGuardCliTest {
  private static final String CURRENT = "registry.example.com/checkout-api:1.0.1";

  @TempDir Path dir;
  private Sandbox sandbox;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.start(SandboxOptions.defaults().withRolloutDelay(Duration.ofMillis(100)).withSeeds(List.of(
        SeedDeployment.of("shop-prod", "checkout-api", "app",
            List.of("registry.example.com/checkout-api:1.0.0", CURRENT)))));
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private Path config(boolean allowProduction) throws Exception {
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("sandbox.kubeconfig"));
    return Files.writeString(dir.resolve("drillbook.yaml"), """
        drills:
          - name: checkout-rollback
            environment: staging
            target: { namespace: shop-prod, deployment: checkout-api, kubeconfig: "%s" }
            allowProduction: %s
            evidenceLog: drills/checkout.md
        """.formatted(kubeconfig, allowProduction));
  }

  private String image() {
    return sandbox.client().apps().deployments().inNamespace("shop-prod").withName("checkout-api").get().getSpec()
        .getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private void assertUntouched() {
    assertThat(image()).isEqualTo(CURRENT);
    assertThat(sandbox.rolloutCompletions()).as("nothing was rolled").isEmpty();
    assertThat(sandbox.client().resources(Lease.class).inNamespace("shop-prod").list().getItems())
        .as("not even the drill lock was written").isEmpty();
  }

  @Test
  void productionNamespaceIsRefusedAtPreflightWithExitThreeAndLeftUntouched() throws Exception {
    CliRun run = CliRun.of("drill", "checkout-rollback", "--config", config(false).toString(), "--output", "json");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
    JsonNode json = run.json();
    assertThat(json.get("verdict").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(json.get("reason").asText()).startsWith("preflight refused: target namespace 'shop-prod' looks like "
        + "production (pattern ").endsWith("set allowProduction: true on drill checkout-rollback and pass "
        + "--allow-production to drill it anyway");
    assertUntouched();
    assertThat(EvidenceLogReader.readAll(dir.resolve("drills/checkout.md"))).singleElement()
        .satisfies(e -> assertThat(e.record().verdict()).isEqualTo(Verdict.INCONCLUSIVE));
  }

  @Test
  void allowProductionWithoutTheFlagIsStillRefused() throws Exception {
    CliRun run = CliRun.of("drill", "checkout-rollback", "--config", config(true).toString(), "--output", "json");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.json().get("reason").asText()).endsWith("but --allow-production was not passed");
    assertUntouched();
  }

  @Test
  void theFlagWithoutAllowProductionIsStillRefused() throws Exception {
    CliRun run = CliRun.of("drill", "checkout-rollback", "--config", config(false).toString(), "--allow-production",
        "--output", "json");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.json().get("reason").asText()).contains("does not set allowProduction: true");
    assertUntouched();
  }

  @Test
  void dryRunIsRefusedToo() throws Exception {
    CliRun run = CliRun.of("drill", "checkout-rollback", "--config", config(false).toString(), "--dry-run");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("preflight refused: target namespace 'shop-prod' looks like production");
  }

  @Test
  void bothTogetherRunTheDrillAndTheEvidenceSaysProductionWasOverridden() throws Exception {
    CliRun run = CliRun.of("drill", "checkout-rollback", "--config", config(true).toString(), "--allow-production",
        "--output", "json");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(image()).as("restored").isEqualTo(CURRENT);
    assertThat(EvidenceLogReader.readAll(dir.resolve("drills/checkout.md"))).singleElement()
        .satisfies(e -> assertThat(e.record().facts().get("productionOverride"))
            .contains("target namespace 'shop-prod' looks like production")
            .contains("allowProduction: true and --allow-production"));
  }
}
