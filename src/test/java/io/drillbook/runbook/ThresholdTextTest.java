package io.drillbook.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ThresholdTextTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "Error rate >10% in checkout handlers      | error rate              | >  | 10    | %  | -",
      "Error rate > 10 % in checkout handlers    | error rate              | >  | 10    | %  | -",
      "Refund failures above 5 %                 | refund failures         | >  | 5     | %  | -",
      "Queue wait over 2s                        | queue wait              | >  | 2     | s  | -",
      "p95 render time > 2 s                     | p95 render time         | >  | 2     | s  | -",
      "p99 checkout latency > 500ms              | p99 checkout latency    | >  | 500   | ms | -",
      "Pod memory >85% limit                     | memory                  | >  | 85    | %  | limit",
      "Container CPU above 70 percent of quota   | cpu                     | >  | 70    | %  | quota",
      "Dropped spans >= 0.5%                     | dropped spans           | >= | 0.5   | %  | -",
      "Median lookup time exceeds 300 ms         | median lookup time      | >  | 300   | ms | -",
      "Cache hit ratio below 80%                 | cache hit ratio         | <  | 80    | %  | -",
      "Availability is less than 99.5 %          | availability            | <  | 99.5  | %  | -",
      "Apdex <= .8 s                             | apdex                   | <= | 0.8   | s  | -",
      "Cold start ≥ 1,500 ms                     | cold start              | >= | 1500  | ms | -",
      "Sync degraded; replication delay over 30 seconds | replication delay | >  | 30    | s  | -",
  })
  void readsCommonWordings(String prose, String metric, String comparator, double value, String unit,
      String qualifier) {
    assertThat(ThresholdText.read(prose))
        .containsExactly(new ThresholdText.Stated(metric, comparator, value, unit, qualifier));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "Pods not reporting to Prometheus",
      "Restarts over 5 minutes",
      "Deploy stuck for more than an hour",
      "Actions â†’ Rollback shows red",
  })
  void findsNoThresholdWhereNoneIsStated(String prose) {
    assertThat(ThresholdText.read(prose)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void readsTwoThresholdsInOneCondition() {
    assertThat(ThresholdText.read("p95 latency > 2 s or error rate >= 1%")).containsExactly(
        new ThresholdText.Stated("p95 latency", ">", 2, "s", null),
        new ThresholdText.Stated("error rate", ">=", 1, "%", null));
  }
}
