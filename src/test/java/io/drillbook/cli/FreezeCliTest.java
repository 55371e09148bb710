package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drillbook.drill.Verdict;
import io.drillbook.evidence.EvidenceEntry;
import io.drillbook.evidence.EvidenceLogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A drill inside a freeze, from {@code drillbook drill} (what the CronJob runs) and from the daemon. */
class FreezeCliTest {
  @TempDir Path dir;

  private static final String CONFIG = """
      freezes:
        - name: forever
          timezone: Europe/Berlin
          from: 2000-01-01
          until: 2999-12-31
      drills:
        - name: checkout-rollback
          environment: staging
          target: { namespace: shop-staging, deployment: checkout-api }
          evidenceLog: drills/checkout.md
        - name: exempt-rollback
          environment: staging
          target: { namespace: search-staging, deployment: search-indexer }
          evidenceLog: drills/exempt.md
          freezes: []
      """;

  private Path config(String yaml) throws Exception {
    return Files.writeString(dir.resolve("drillbook.yaml"), yaml);
  }

  @Test
  void aDrillInsideAFreezeIsRecordedFrozenAndTouchesNothing() throws Exception {
    CliRun run = CliRun.of("drill", "checkout-rollback", "--config", config(CONFIG).toString(), "--sandbox",
        "--output", "json");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.NOT_JUDGED);
    assertThat(run.json().get("verdict").asText()).isEqualTo("FROZEN");
    EvidenceEntry entry = EvidenceLogReader.readAll(dir.resolve("drills/checkout.sandbox.md")).get(0);
    assertThat(entry.record().verdict()).isEqualTo(Verdict.FROZEN);
    assertThat(entry.record().reason()).isEqualTo("frozen by 'forever' (2000-01-01T00:00+01:00 to "
        + "3000-01-01T00:00+01:00, Europe/Berlin); override with --ignore-freeze");
    assertThat(entry.record().fromRevision()).as("no preflight, no plan: nothing read or changed").isNull();
    assertThat(entry.record().facts()).containsEntry("freeze", "forever")
        .containsEntry("freezeFrom", "2000-01-01T00:00+01:00").containsEntry("freezeUntil", "3000-01-01T00:00+01:00");
  }

  @Test
  void ignoreFreezeRunsTheDrillAndRecordsTheOverride() throws Exception {
    CliRun run = CliRun.of("drill", "checkout-rollback", "--config", config(CONFIG).toString(), "--sandbox",
        "--ignore-freeze");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    EvidenceEntry entry = EvidenceLogReader.readAll(dir.resolve("drills/checkout.sandbox.md")).get(0);
    assertThat(entry.record().verdict()).isEqualTo(Verdict.PASS);
    assertThat(entry.record().facts().get("freezeOverridden"))
        .startsWith("ran inside 'forever' (2000-01-01T00:00+01:00 to 3000-01-01T00:00+01:00, Europe/Berlin) "
            + "with --ignore-freeze");
  }

  @Test
  void aDrillWithAnEmptyFreezeListIsExempt() throws Exception {
    CliRun run = CliRun.of("drill", "exempt-rollback", "--config", config(CONFIG).toString(), "--sandbox");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(EvidenceLogReader.readAll(dir.resolve("drills/exempt.sandbox.md"))).singleElement()
        .satisfies(e -> assertThat(e.record().verdict()).isEqualTo(Verdict.PASS));
  }

  @Test
  void theDaemonRecordsFrozenFiresWithoutRunningThem() throws Exception {
    Path cfg = config(CONFIG.replace("evidenceLog: drills/checkout.md",
        "evidenceLog: drills/checkout.md\n    schedule: \"*/2 * * * * ?\""));
    CliRun run = CliRun.of("schedule", "--config", cfg.toString(), "--sandbox", "--max-runs", "2", "--port", "0");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    List<EvidenceEntry> entries = EvidenceLogReader.readAll(dir.resolve("drills/checkout.sandbox.md"));
    assertThat(entries).extracting(e -> e.record().verdict()).containsExactly(Verdict.FROZEN, Verdict.FROZEN);
    assertThat(entries).allSatisfy(e -> assertThat(e.record().fromRevision()).isNull());
  }
}
