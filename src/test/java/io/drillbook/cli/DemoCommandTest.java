package io.drillbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drillbook.drill.Verdict;
import io.drillbook.evidence.EvidenceEntry;
import io.drillbook.evidence.EvidenceLogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void demoPassesPrintsPhaseProgressAndAppendsOnePassEntry() throws Exception {
    Path log = dir.resolve("drills/demo.md");
    CliRun run = CliRun.of("demo", "--log", log.toString(), "--rollout-delay", "100ms");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("] preflight  ...", "] rollback   ok", "] rollout    ok", "] health     ok", "] restore    ok")
        .contains("PASS  recovered in");
    List<EvidenceEntry> entries = EvidenceLogReader.readAll(log);
    assertThat(entries).singleElement().satisfies(e -> {
      assertThat(e.record().verdict()).isEqualTo(Verdict.PASS);
      assertThat(e.record().fromImage()).isEqualTo("registry.example.com/maestro/orchestrator:1.4.2");
      assertThat(e.record().toImage()).isEqualTo("registry.example.com/maestro/orchestrator:1.4.1");
      assertThat(e.record().restored()).isTrue();
      assertThat(e.intact()).isTrue();
    });
  }

  @Test
  void helmDemoWithoutHelm_saysWhatIsMissingInOneLine_andExits2() {
    CliRun run = CliRun.of("demo", "--method", "helm", "--helm", dir.resolve("no-such-helm").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines().toList()).singleElement().asString()
        .startsWith("drillbook: drillbook demo --method helm needs the helm CLI: cannot run '")
        .endsWith("install Helm 3 or 4, or set helm.binary to its path");
  }

  @Test
  void clusterFlagsWithoutHelm_areAUsageError() {
    CliRun run = CliRun.of("demo", "--kubeconfig", dir.resolve("k").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--kubeconfig, --context and --helm are for --method helm");
  }

  @Test
  void secondRunAppendsWithoutChangingTheFirstEntrysBytes() throws Exception {
    Path log = dir.resolve("demo.md");
    assertThat(CliRun.of("demo", "--log", log.toString(), "--rollout-delay", "100ms").exitCode()).isZero();
    byte[] first = Files.readAllBytes(log);
    assertThat(CliRun.of("demo", "--log", log.toString(), "--rollout-delay", "100ms").exitCode()).isZero();
    byte[] both = Files.readAllBytes(log);
    assertThat(Arrays.copyOf(both, first.length)).isEqualTo(first);
    List<EvidenceEntry> entries = EvidenceLogReader.readAll(log);
    assertThat(entries).hasSize(2).allMatch(EvidenceEntry::intact);
    assertThat(entries.get(1).prev()).isEqualTo(entries.get(0).hash());
  }

  @Test
  void failScenarioExitsOneWithOneJsonObjectAndStagingRestored() throws Exception {
    Path log = dir.resolve("demo.md");
    CliRun run = CliRun.of("demo", "--scenario", "fail", "--output", "json", "--log", log.toString(),
        "--rollout-delay", "100ms");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    JsonNode json = run.json();
    assertThat(json.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(json.get("restored").asBoolean()).isTrue();
    assertThat(json.get("recoverySeconds").isNull()).isTrue();
    for (String key : List.of("drillId", "drill", "method", "environment", "namespace", "deployment", "startedAt",
        "verdict", "recoverySeconds", "objectiveSeconds", "fromRevision", "toRevision", "fromImage", "toImage",
        "restored", "phases", "checks", "evidenceLog")) {
      assertThat(json.has(key)).as(key).isTrue();
    }
    assertThat(json.get("phases").get(0).fieldNames()).toIterable()
        .containsExactly("name", "startedAt", "seconds", "ok", "detail");
    assertThat(run.err()).contains("] rollout    FAIL");
    assertThat(EvidenceLogReader.readAll(log)).singleElement()
        .satisfies(e -> assertThat(e.record().verdict()).isEqualTo(Verdict.FAIL));
  }
}
