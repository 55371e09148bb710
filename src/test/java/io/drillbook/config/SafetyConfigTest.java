package io.drillbook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drillbook.schedule.QuartzCron;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SafetyConfigTest {
  private static final String DRILL = """
      drills:
        - name: checkout-rollback
          environment: staging
          target: { namespace: shop-staging, deployment: checkout-api }
          health: { url: "http://checkout-api.shop-staging.svc:8080/healthz" }
      """;

  private static DrillbookConfig parse(String yaml) throws ConfigException {
    return new ConfigLoader(QuartzCron.SYNTAX).parse("drillbook.yaml", new StringReader(yaml), Path.of("/srv/drills"));
  }

  @Test
  void withoutSafetyKeysTheDefaultsApply() throws Exception {
    DrillbookConfig cfg = parse(DRILL);
    assertThat(cfg.safety()).isEqualTo(SafetyConfig.DEFAULT);
    assertThat(cfg.drills().get(0).allowProduction()).isFalse();
    assertThat(cfg.drills().get(0).stopWhen()).isEqualTo(StopConditions.NONE);
    assertThat(cfg.drills().get(0).stopWhen().isEmpty()).isTrue();
  }

  @Test
  void readsAllowProductionStopWhenAndPatterns() throws Exception {
    DrillbookConfig cfg = parse("""
        prometheus: { url: "http://prometheus.monitoring.svc:9090" }
        safety:
          productionPatterns: ['^live-', 'prd']
        """ + DRILL + """
            allowProduction: true
            stopWhen:
              healthFailingFor: 2m
              noRolloutProgressFor: 5m
              query: { promql: 'sum(rate(http_requests_total{code=~"5.."}[1m]))', above: 50 }
              interval: 10s
        """);
    assertThat(cfg.safety().productionPatterns()).extracting(p -> p.pattern()).containsExactly("^live-", "prd");
    assertThat(cfg.safety().productionPatterns().get(0).matcher("LIVE-shop").find()).as("case-insensitive").isTrue();
    DrillConfig d = cfg.drills().get(0);
    assertThat(d.allowProduction()).isTrue();
    assertThat(d.stopWhen()).isEqualTo(new StopConditions(Duration.ofMinutes(2), Duration.ofMinutes(5),
        new StopConditions.Query("sum(rate(http_requests_total{code=~\"5..\"}[1m]))", 50), Duration.ofSeconds(10)));
  }

  @Test
  void anInvalidProductionPatternIsOneLineNamingFileAndLine() {
    assertThatThrownBy(() -> parse("""
        safety:
          productionPatterns:
            - 'prod'
            - '(unclosed'
        """ + DRILL))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("drillbook.yaml:4: safety.productionPatterns[1]: '(unclosed' is not a regular "
            + "expression: Unclosed group")
        .hasMessageNotContaining("\n");
  }

  @Test
  void anEmptyPatternListCannotSwitchTheGuardOff() {
    assertThatThrownBy(() -> parse("safety: { productionPatterns: [] }\n" + DRILL))
        .hasMessageContaining("drillbook.yaml:1:").hasMessageContaining("cannot be switched off");
  }

  @Test
  void healthFailingForNeedsAHealthCheck() {
    assertThatThrownBy(() -> parse(DRILL.replace(
        "    health: { url: \"http://checkout-api.shop-staging.svc:8080/healthz\" }\n",
        "    stopWhen: { healthFailingFor: 2m }\n")))
        .hasMessageContaining("drillbook.yaml:5: drills[0].stopWhen: healthFailingFor needs a health check");
  }

  @Test
  void aStopQueryNeedsPrometheus() {
    assertThatThrownBy(() -> parse(DRILL + "    stopWhen: { query: { promql: 'up', above: 0 } }\n"))
        .hasMessageContaining("stopWhen.query needs a top-level 'prometheus: { url: ... }'");
  }

  @Test
  void badStopWhenValuesAreRefusedWithTheirLine() {
    assertThatThrownBy(() -> parse(DRILL + "    stopWhen: { healthFailingFor: soon }\n"))
        .hasMessageContaining("drillbook.yaml:6: drills[0].stopWhen.healthFailingFor: 'soon' is not a duration");
    assertThatThrownBy(() -> parse("prometheus: { url: 'http://p:9090' }\n" + DRILL
        + "    stopWhen: { query: { promql: 'up', above: lots } }\n"))
        .hasMessageContaining("stopWhen.query.above: expected a number, found 'lots'");
    assertThatThrownBy(() -> parse(DRILL + "    stopWhen: { interval: 5s }\n"))
        .hasMessageContaining("names no condition");
    assertThatThrownBy(() -> parse(DRILL + "    allowProduction: yes please\n"))
        .hasMessageContaining("drills[0].allowProduction: expected true or false");
  }
}
