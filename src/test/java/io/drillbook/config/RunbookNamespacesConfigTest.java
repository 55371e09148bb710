package io.drillbook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drillbook.runbook.NamespaceMap;
import io.drillbook.schedule.QuartzCron;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbookNamespaces}: runbooks name production, drills run on staging. A helm drill that names no release
 * takes it from its runbook's {@code helm rollback}, in the staging namespace the map gives.
 */
class RunbookNamespacesConfigTest {
  private static final String RUNBOOK = """
      # Ledger rollback

      **Workloads:** `Deployment/ledger-api` (namespace: `payments-prod`)

      ## Rollback

      1. `helm rollback ledger --namespace payments-prod`
      2. `kubectl -n payments-prod rollout status deploy/ledger-api`

      ## Alerts

      | Alert | Threshold |
      | --- | --- |
      | LedgerErrorRate | error rate > 5% for 5m |
      """;

  private static final String CONFIG = """
      runbookNamespaces:
        payments-prod: payments-staging
      drills:
        - name: ledger-helm
          environment: staging
          target: { namespace: payments-staging, deployment: ledger-api }
          method: helm
          runbook: ledger-runbook.md
      """;

  @TempDir Path dir;

  @BeforeEach
  void writeRunbook() throws Exception {
    Files.writeString(dir.resolve("ledger-runbook.md"), RUNBOOK);
  }

  private DrillbookConfig parse(String yaml) throws ConfigException {
    return new ConfigLoader(QuartzCron.SYNTAX).parse("drillbook.yaml", new StringReader(yaml), dir);
  }

  @Test
  void aHelmDrillWithoutAReleaseTakesTheRunbooksInTheMappedStagingNamespace() throws Exception {
    DrillbookConfig config = parse(CONFIG);
    DrillConfig d = config.drill("ledger-helm").orElseThrow();
    assertThat(d.helm().release()).isEqualTo("ledger");
    assertThat(d.helm().namespace()).isEqualTo("payments-staging");
    assertThat(config.runbookNamespaces()).isEqualTo(new NamespaceMap(Map.of("payments-prod", "payments-staging")));
    assertThat(config.runbookNamespaces().map("payments-prod")).isEqualTo("payments-staging");
    assertThat(config.runbookNamespaces().map("other")).isEqualTo("other");
  }

  @Test
  void anUnmappedProductionNamespaceIsRefusedNamingTheMappingToAdd() {
    assertThatThrownBy(() -> parse(CONFIG.replace("  payments-prod: payments-staging", "  payments-dev: dev")))
        .hasMessageContaining("drills[0].runbook: runbook ")
        .hasMessageContaining("line 7 rolls back release ledger in namespace payments-prod, which is not the drill's "
            + "(payments-staging) and runbookNamespaces does not map it; add 'payments-prod: payments-staging' to "
            + "runbookNamespaces");
  }

  @Test
  void aRunbookWithoutAHelmRollbackNeedsAHelmSection() throws Exception {
    Files.writeString(dir.resolve("ledger-runbook.md"), RUNBOOK.replace(
        "1. `helm rollback ledger --namespace payments-prod`", "1. `kubectl -n payments-prod rollout undo deploy/ledger-api`"));
    assertThatThrownBy(() -> parse(CONFIG))
        .hasMessageContaining("has no 'helm rollback RELEASE' command to take the release from; add a 'helm:' section");
  }

  @Test
  void anExplicitHelmSectionWins() throws Exception {
    DrillConfig d = parse(CONFIG + "    helm: { release: ledger-canary }\n").drill("ledger-helm").orElseThrow();
    assertThat(d.helm().release()).isEqualTo("ledger-canary");
    assertThat(d.helm().namespace()).isEqualTo("payments-staging");
  }

  @Test
  void mappingValuesMustBeNamespaces() {
    assertThatThrownBy(() -> parse(CONFIG.replace("payments-prod: payments-staging", "payments-prod: Payments_Staging")))
        .hasMessageContaining("drillbook.yaml:2: runbookNamespaces.payments-prod: a Kubernetes namespace name");
  }
}
