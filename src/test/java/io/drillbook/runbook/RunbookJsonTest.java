package io.drillbook.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunbookJsonTest {

  private static Runbook sample() {
    return new Runbook("runbooks/ledger.md", "ab12",
        List.of(new Threshold("LedgerSlow", "p99 commit latency", ">", 500, "ms", null, "histogram_quantile(0.99, x)", 11)),
        List.of(new Workload("HelmRelease", "payments-stg", "ledger", 4)),
        new Verification("https://ledger.test/healthz", 204, 900L, null, 28, 28, 29, 0),
        List.of(new RollbackPathSpec(RollbackKind.GITHUB_ACTIONS, 22,
            Map.of("workflow", "ledger-rollback.yml", "input.target", "staging"),
            Map.of("workflow", 22, "input.target", 23))),
        null,
        List.of(new Problem(14, "alert 'X': no numeric threshold in 'y'")));
  }

  @Test
  void writesEveryDocumentedKey() {
    ObjectNode json = RunbookJson.of(sample());
    assertThat(json.properties()).extracting(Map.Entry::getKey).containsExactly(
        "thresholds", "workloads", "verification", "rollbackPaths", "evidencePath", "problems", "sha256", "source");
    JsonNode t = json.get("thresholds").get(0);
    assertThat(t.get("metric").asText()).isEqualTo("p99 commit latency");
    assertThat(t.get("value").asDouble()).isEqualTo(500);
    assertThat(t.get("qualifier").isNull()).isTrue();
    assertThat(t.get("line").asInt()).isEqualTo(11);
    assertThat(json.get("workloads").get(0).get("kind").asText()).isEqualTo("HelmRelease");
    assertThat(json.get("verification").get("expectStatus").asInt()).isEqualTo(204);
    assertThat(json.get("verification").get("logWindowSeconds").isNull()).isTrue();
    assertThat(json.get("evidencePath").isNull()).isTrue();
    assertThat(json.get("problems").get(0).get("line").asInt()).isEqualTo(14);
    assertThat(json.get("source").asText()).isEqualTo("runbooks/ledger.md");
  }

  @Test
  void flattensRollbackParametersNextToKindAndLine() {
    JsonNode path = RunbookJson.of(sample()).get("rollbackPaths").get(0);
    assertThat(path.get("kind").asText()).isEqualTo("github-actions");
    assertThat(path.get("line").asInt()).isEqualTo(22);
    assertThat(path.get("workflow").asText()).isEqualTo("ledger-rollback.yml");
    assertThat(path.get("input.target").asText()).isEqualTo("staging");
    assertThat(path.get("parameterLines").get("input.target").asInt()).isEqualTo(23);
  }
}
